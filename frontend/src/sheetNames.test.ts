import { describe, expect, it } from 'vitest'
import { nameSheets } from './sheetNames'

const tick = () => new Promise((done) => setTimeout(done, 0))

describe('nameSheets', () => {
  it('names a sheet by its title, else by the field that opened it, and its overlay by what a tap does', async () => {
    document.body.innerHTML = '<div class="van-field"><span class="van-field__label">物资</span><button id="open">选</button></div>'
    nameSheets(document.body)
    document.getElementById('open')!.click()
    document.body.insertAdjacentHTML('beforeend', '<div class="van-overlay" role="button"></div><div role="dialog" id="plain"></div>')
    document.body.insertAdjacentHTML('beforeend', '<div role="dialog" id="titled"><div class="van-action-sheet__header">从哪一批分配</div></div>')
    document.body.insertAdjacentHTML('beforeend', '<div role="dialog" id="vant-dialog" aria-labelledby="处理差异"><div class="van-dialog__header">处理差异</div></div>')
    await tick()
    expect(document.querySelector('.van-overlay')!.getAttribute('aria-label')).toBe('关闭')
    expect(document.getElementById('plain')!.getAttribute('aria-label')).toBe('选择物资')
    expect(document.getElementById('titled')!.getAttribute('aria-label')).toBe('从哪一批分配')
    expect(document.getElementById('vant-dialog')!.getAttribute('aria-label')).toBe('处理差异')
  })
})
