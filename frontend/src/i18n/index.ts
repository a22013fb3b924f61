import { createI18n } from 'vue-i18n'
import zh from './zh-CN'

export type Messages = typeof zh

export const appLocales = ['zh-CN', 'en-US'] as const
export type AppLocale = (typeof appLocales)[number]

/** Each language is offered in its own words, whatever the current language is. */
export const localeNames: Record<AppLocale, string> = { 'zh-CN': '中文', 'en-US': 'English' }

export function isAppLocale(value: unknown): value is AppLocale {
  return appLocales.includes(value as AppLocale)
}

/**
 * The one i18n instance; code outside components (error messages, the GraphQL client) uses `i18n.global`.
 * Chinese, the default and the fallback, is in the first load; English comes in its own
 * chunk when chosen (loadLocale), so a phone on a slow link fetches one language, not two.
 */
export const i18n = createI18n<[Messages], AppLocale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh } as Record<AppLocale, Messages>,
})

const loaders: Record<AppLocale, () => Promise<{ default: Messages }>> = {
  'zh-CN': async () => ({ default: zh }),
  'en-US': () => import('./en-US'),
}

/** Makes a language's messages available, fetching its chunk the first time. */
export async function loadLocale(locale: AppLocale): Promise<void> {
  if (i18n.global.availableLocales.includes(locale)) return
  i18n.global.setLocaleMessage(locale, (await loaders[locale]()).default)
}
