import { describe, expect, it } from 'vitest'
import { answerKeys } from './keyboard'

/** A page of the given HTML that answers keys, the element of each id on it, and the ids clicked. */
function page(html: string): { byId: (id: string) => Element; clicks: string[] } {
  const root = document.createElement('div')
  root.innerHTML = html
  const clicks: string[] = []
  root.addEventListener('click', (event) => clicks.push((event.target as HTMLElement).id))
  answerKeys(root)
  const byId = (id: string): Element => {
    const element = root.querySelector(`#${id}`)
    if (!element) throw new Error(`no #${id} on the page`)
    return element
  }
  return { byId, clicks }
}

function press(element: Element, key: string, init: KeyboardEventInit = {}): boolean {
  return element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
}

describe('Vant controls drawn as divs answer the keys their native counterparts do', () => {
  it('clicks a clickable cell on Enter and on Space, and takes the key (Space would scroll)', () => {
    const { byId, clicks } = page('<div id="cell" role="button" tabindex="0">滞留人员救助</div>')
    const cell = byId('cell')
    expect(press(cell, 'Enter')).toBe(false)
    expect(press(cell, ' ')).toBe(false)
    expect(clicks).toEqual(['cell', 'cell'])
  })

  it('ticks a checkbox or a radio on Space, not on Enter (which submits the form)', () => {
    const { byId, clicks } = page(
      '<div id="lodging" role="checkbox" tabindex="0">住宿</div><div id="patrol" role="radio" tabindex="0">巡逻</div>',
    )
    for (const id of ['lodging', 'patrol']) {
      press(byId(id), 'Enter')
      press(byId(id), ' ')
    }
    expect(clicks).toEqual(['lodging', 'patrol'])
  })

  it('leaves other keys, held keys, shortcuts and native buttons and fields alone', () => {
    const { byId, clicks } = page(
      '<div id="cell" role="button" tabindex="0"><input id="field"></div><button id="native" role="button">保存</button>',
    )
    const cell = byId('cell')
    press(cell, 'a')
    press(cell, 'Enter', { repeat: true })
    press(cell, 'Enter', { ctrlKey: true })
    press(byId('field'), 'Enter')
    press(byId('native'), 'Enter')
    expect(clicks).toEqual([])
  })
})
