import { Locale } from 'vant'
import enUS from 'vant/es/locale/lang/en-US'
import zhCN from 'vant/es/locale/lang/zh-CN'
import { computed, type WritableComputedRef } from 'vue'
import { appLocales, i18n, isAppLocale, loadLocale, type AppLocale } from '../i18n'

const storageKey = 'mzdesk.locale'

const vantMessages = { 'zh-CN': zhCN, 'en-US': enUS }

/**
 * Switches our texts and Vant's built-in ones (pickers, dialogs, form hints) together, and
 * remembers the choice; the language's messages are fetched first if this is their first use.
 */
export async function setLocale(locale: AppLocale): Promise<void> {
  await loadLocale(locale)
  i18n.global.locale.value = locale
  Locale.use(locale, vantMessages[locale])
  document.documentElement.lang = locale
  localStorage.setItem(storageKey, locale)
  // The server paints the login page, QR landings and public pages before the SPA arrives, in this language.
  document.cookie = `${storageKey}=${locale}; path=/; max-age=31536000; samesite=lax`
}

/** Applies the language chosen on this device earlier, Chinese if none. */
export function restoreLocale(): Promise<void> {
  const saved = localStorage.getItem(storageKey)
  return setLocale(isAppLocale(saved) ? saved : 'zh-CN')
}

export function useLocale(): { locale: WritableComputedRef<AppLocale>; locales: typeof appLocales } {
  const locale = computed({ get: () => i18n.global.locale.value, set: (next) => void setLocale(next) })
  return { locale, locales: appLocales }
}
