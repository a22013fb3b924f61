import { afterEach, describe, expect, it } from 'vitest'
import { i18n, type AppLocale } from '.'
import en from './en-US'
import zh from './zh-CN'

const { t } = i18n.global

afterEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

function inLocale(locale: AppLocale, render: () => string): string {
  i18n.global.locale.value = locale
  return render()
}

/** Every message of a tree by its dotted key. */
function flatten(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[prefix + key, value]] : flatten(value as object, `${prefix}${key}.`),
  )
}

const placeholders = (message: string): string[] => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1])

describe('English counts agree in number', () => {
  // key, named values (as displayed), the count, the English text
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['travellers.total', { n: '1' }, 1, '1 traveller helped'],
    ['travellers.total', { n: '2' }, 2, '2 travellers helped'],
    ['travellers.total', { n: '1,234' }, 1234, '1,234 travellers helped'],
    ['travellers.entry', { travellers: '1', fromHubei: '0' }, 1, '1 traveller, 0 from Hubei'],
    ['travellers.entry', { travellers: '3', fromHubei: '1' }, 3, '3 travellers, 1 from Hubei'],
    ['care.overdueDays', { n: 1 }, 1, '1 day overdue'],
    ['care.overdueDays', { n: 2 }, 2, '2 days overdue'],
    ['oneToOne.overdue', { n: 1 }, 1, '1 day overdue'],
    ['oneToOne.overdue', { n: 2 }, 2, '2 days overdue'],
    ['detail.dispatch', { n: 1 }, 1, 'Dispatch the allocation'],
    ['detail.dispatch', { n: 2 }, 2, 'Dispatch the 2 allocations'],
    ['detail.dispatched', { n: 1 }, 1, '1 allocation dispatched; waiting for the village to confirm.'],
    ['detail.dispatched', { n: 2 }, 2, '2 allocations dispatched; waiting for the villages to confirm.'],
    ['enterprise.count', { n: 0 }, 0, '0 enterprises'],
    ['careSummary.records', { n: 0 }, 0, '0 times'],
    ['careSummary.records', { n: 1 }, 1, 'once'],
    ['careSummary.records', { n: 5 }, 5, '5 times'],
    ['inspect.recordedProblems', { n: 1 }, 1, '1 problem raised and passed to the institution.'],
    ['inspect.recordedProblems', { n: 2 }, 2, '2 problems raised and passed to the institution.'],
  ]
  it.each(cases)('%s with %o for %i', (key, named, count, want) => {
    expect(inLocale('en-US', () => t(key, named, count))).toBe(want)
  })
})

describe('Chinese has no plural', () => {
  it('renders the same with a plural count as without', () => {
    const calls: [string, Record<string, unknown>, number][] = [
      ['travellers.total', { n: '1' }, 1],
      ['travellers.total', { n: '2' }, 2],
      ['care.overdueDays', { n: 1 }, 1],
      ['care.overdueDays', { n: 2 }, 2],
      ['detail.dispatch', { n: 1 }, 1],
      ['detail.dispatch', { n: 2 }, 2],
    ]
    for (const [key, named, plural] of calls) {
      expect(inLocale('zh-CN', () => t(key, { ...named }, plural))).toBe(inLocale('zh-CN', () => t(key, { ...named })))
    }
    i18n.global.locale.value = 'zh-CN'
    expect(t('travellers.total', { n: '1' }, 1)).toBe('已救助 1 人')
    expect(t('care.overdueDays', { n: 2 }, 2)).toBe('逾期 2 天')
    expect(t('detail.dispatch', { n: 1 }, 1)).toBe('发放已分配的 1 份')
  })

  it('keeps every Chinese message a single form, and every English plural to two forms over the same placeholders', () => {
    const chinese = new Map(flatten(zh))
    for (const [key, message] of chinese) expect(message, key).not.toContain('|')
    const plurals = flatten(en).filter(([, message]) => message.includes('|'))
    expect(plurals.length).toBeGreaterThan(0)
    for (const [key, message] of plurals) {
      const forms = message.split('|')
      expect(forms, key).toHaveLength(2)
      const allowed = placeholders(chinese.get(key) ?? '')
      for (const form of forms) expect(allowed, key).toEqual(expect.arrayContaining(placeholders(form)))
      const named = Object.fromEntries(allowed.map((name) => [name, 7]))
      expect(inLocale('zh-CN', () => t(key, { ...named }, 1)), key).toBe(inLocale('zh-CN', () => t(key, { ...named })))
    }
  })
})
