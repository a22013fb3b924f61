import { i18n } from './i18n'

/**
 * Vant's sheets and pop-ups (the pickers of every form, the dialogs) are divs with
 * role="dialog" and no name, over an overlay with role="button" and no name: a screen reader
 * announced "dialog" and "button" and nothing else (axe: aria-dialog-name, aria-command-name).
 * One observer for the whole page names each as it appears: a dialog by its own title when it
 * has one (an action sheet's or a dialog's header), else by the field that opened it, else
 * as a sheet to choose from; the overlay as what tapping it does, closing the sheet.
 */
export function nameSheets(root: HTMLElement): MutationObserver {
  let opener = ''
  // The label of the control tapped last: the field a picker belongs to.
  root.addEventListener('click', (event) => {
    const field = (event.target as HTMLElement | null)?.closest?.('.van-field, .van-cell')
    const label = field?.querySelector('.van-field__label, .van-cell__title')?.textContent?.trim()
    if (label) opener = label
  }, true)
  const name = () => {
    const { t } = i18n.global
    for (const overlay of root.ownerDocument.querySelectorAll<HTMLElement>('.van-overlay[role="button"]:not([aria-label])')) {
      overlay.setAttribute('aria-label', t('common.closeSheet'))
    }
    for (const dialog of root.ownerDocument.querySelectorAll<HTMLElement>('[role="dialog"]:not([aria-label])')) {
      // Vant's Dialog puts its title's text, not an id, in aria-labelledby: it names nothing.
      const by = dialog.getAttribute('aria-labelledby')
      if (by && root.ownerDocument.getElementById(by)) continue
      const title = dialog.querySelector('.van-action-sheet__header, .van-dialog__header, h1, h2')?.textContent?.trim()
      dialog.setAttribute('aria-label', title || (opener ? t('common.chooseFor', { what: opener }) : t('common.sheet')))
    }
  }
  const observer = new MutationObserver(name)
  observer.observe(root.ownerDocument.body, { childList: true, subtree: true })
  name()
  return observer
}
