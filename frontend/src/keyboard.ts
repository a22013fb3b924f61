/**
 * Vant draws its clickable cells (a row that opens a screen or a sheet) as
 * `<div role="button" tabindex="0">`: Tab reaches them, but a div does not turn Enter or
 * Space into a click as a native button does, so from the keyboard they opened nothing. One
 * listener for the whole page gives every such element a button's keys.
 */
export function pressRoleButtons(root: Document | HTMLElement): void {
  root.addEventListener('keydown', (event) => {
    const key = event as KeyboardEvent
    const target = key.target
    if (
      !(target instanceof HTMLElement) ||
      target.getAttribute('role') !== 'button' ||
      target instanceof HTMLButtonElement || // a native button has the keys already
      (key.key !== 'Enter' && key.key !== ' ') ||
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
