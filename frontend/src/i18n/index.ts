import { createI18n } from 'vue-i18n'
import en from './en-US'
import zh from './zh-CN'

export type Messages = typeof zh

export const appLocales = ['zh-CN', 'en-US'] as const
export type AppLocale = (typeof appLocales)[number]

/** Each language is offered in its own words, whatever the current language is. */
export const localeNames: Record<AppLocale, string> = { 'zh-CN': '中文', 'en-US': 'English' }

export function isAppLocale(value: unknown): value is AppLocale {
  return appLocales.includes(value as AppLocale)
}

/** The one i18n instance; code outside components (error messages, the GraphQL client) uses `i18n.global`. */
export const i18n = createI18n<[Messages], AppLocale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, 'en-US': en },
})
