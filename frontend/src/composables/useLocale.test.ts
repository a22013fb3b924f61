import { Locale } from 'vant'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../i18n'
import { restoreLocale, setLocale, useLocale } from './useLocale'

beforeEach(async () => {
  localStorage.clear()
  await setLocale('zh-CN')
})

describe('useLocale', () => {
  it('switches our texts, Vant texts and the page language together', async () => {
    await setLocale('en-US')
    const { locale } = useLocale()
    expect(i18n.global.t('tabs.me')).toBe('Me')
    expect(Locale.messages().confirm).toBe('Confirm')
    expect(document.documentElement.lang).toBe('en-US')

    locale.value = 'zh-CN'
    await vi.waitFor(() => expect(i18n.global.locale.value).toBe('zh-CN'))
    expect(i18n.global.t('tabs.me')).toBe('我的')
    expect(Locale.messages().confirm).toBe('确认')
  })

  it('restores the saved choice, Chinese when there is none or it is unknown', async () => {
    await setLocale('en-US')
    await restoreLocale()
    expect(i18n.global.locale.value).toBe('en-US')

    localStorage.setItem('mzdesk.locale', 'fr-FR')
    await restoreLocale()
    expect(i18n.global.locale.value).toBe('zh-CN')
  })
})
