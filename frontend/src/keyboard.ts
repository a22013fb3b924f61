/**
 * Vant draws its clickable cells (a row that opens a screen or a sheet), checkboxes and
 * radios as divs with a role and `tabindex="0"`: Tab reaches them, but a div does not turn
 * keys into a click as a native control does, so from the keyboard they did nothing. One
 * listener for the whole page gives each such element its native counterpart's keys: Enter
 * and Space for a button, Space for a checkbox or a radio.
 */
const keysOf: Record<string, readonly string[]> = { button: ['Enter', ' '], checkbox: [' '], radio: [' '] }

export function answerKeys(root: Document | HTMLElement): void {
  root.addEventListener('keydown', (event) => {
    const key = event as KeyboardEvent
    const target = key.target
    if (
      !(target instanceof HTMLElement) ||
      target instanceof HTMLButtonElement || // native controls have their keys already
      target instanceof HTMLInputElement ||
      !keysOf[target.getAttribute('role') ?? '']?.includes(key.key) ||
      key.repeat ||
      key.altKey ||
      key.ctrlKey ||
      key.metaKey
    ) {
      return
    }
    key.preventDefault() // the key is spent: Space would scroll the page too
    target.click()
  })
}
