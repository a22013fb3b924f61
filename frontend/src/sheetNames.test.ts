import { describe, expect, it } from 'vitest'
import { nameSheets } from './sheetNames'

const tick = () => new Promise((done) => setTimeout(done, 0))

/** What the page's element of `selector` is named; fails when there is none. */
function labelOf(selector: string): string | null {
  const element = document.querySelector(selector)
  if (!element) throw new Error(`no ${selector} on the page`)
  return element.getAttribute('aria-label')
}

describe('nameSheets', () => {
  it('names a sheet by its title, else by the field that opened it, and its overlay by what a tap does', async () => {
    document.body.innerHTML = '<div class="van-field"><span class="van-field__label">物资</span><button id="open">选</button></div>'
    nameSheets(document.body)
    document.querySelector<HTMLElement>('#open')?.click()
    document.body.insertAdjacentHTML('beforeend', '<div class="van-overlay" role="button"></div><div role="dialog" id="plain"></div>')
    document.body.insertAdjacentHTML('beforeend', '<div role="dialog" id="titled"><div class="van-action-sheet__header">从哪一批分配</div></div>')
    document.body.insertAdjacentHTML('beforeend', '<div role="dialog" id="vant-dialog" aria-labelledby="处理差异"><div class="van-dialog__header">处理差异</div></div>')
    await tick()
    expect(labelOf('.van-overlay')).toBe('关闭')
    expect(labelOf('#plain')).toBe('选择物资')
    expect(labelOf('#titled')).toBe('从哪一批分配')
    expect(labelOf('#vant-dialog')).toBe('处理差异')
  })
})
