import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '../i18n'
import { addDays, chinaToday, dayOrNow, dayToTime, formatDate, formatDateTime, formatDay, formatShortDay, today } from './useDate'

describe('days and instants', () => {
  it('send a day as local midnight with its offset, and read it back as the same day', () => {
    const time = dayToTime('2020-03-17')
    expect(time).toMatch(/^2020-03-17T00:00:00[+-]\d{2}:\d{2}$/)
    expect(today(new Date(time))).toBe('2020-03-17')
    expect(formatDate(time)).toBe('2020年3月17日')
  })

  it('count days in China, where the server dates reports and shifts', () => {
    expect(chinaToday(new Date('2020-03-16T15:59:59Z'))).toBe('2020-03-16')
    expect(chinaToday(new Date('2020-03-16T16:00:00Z'))).toBe('2020-03-17')
  })

  it('step over month and year ends, and write a day the same wherever the phone is', () => {
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29')
    expect(addDays('2020-03-01', -1)).toBe('2020-02-29')
    expect(addDays('2019-12-31', 14)).toBe('2020-01-14')
    expect(formatDay('2020-03-17')).toBe('2020年3月17日')
    expect(formatShortDay('2020-03-16')).toBe('3/16')
  })

  it('record today at the current instant and an earlier day at its midnight', () => {
    const now = new Date()
    expect(dayOrNow(today(now), now)).toBe(now.toISOString())
    expect(dayOrNow('2020-03-17', now)).toBe(dayToTime('2020-03-17'))
  })
})

describe('dates written by hand', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  // Every hour of a day and days across a year, in both languages: what Intl writes (its narrow
  // no-break space before AM and PM, in some ICU versions, read as a space).
  const times = [
    ...Array.from({ length: 24 }, (_, hour) => new Date(2020, 2, 17, hour, hour * 2 + 1)),
    ...Array.from({ length: 12 }, (_, month) => new Date(2021, month, 1 + month * 2, 9, 5)),
  ].map((at) => at.toISOString())
  for (const locale of ['zh-CN', 'en-US'] as const) {
    it(`are written in ${locale} as Intl.DateTimeFormat writes them`, () => {
      i18n.global.locale.value = locale
      const intl = (options: Intl.DateTimeFormatOptions, at: Date) =>
        new Intl.DateTimeFormat(locale, options).format(at).replace(/\u202f/g, ' ')
      for (const time of times) {
        const at = new Date(time)
        expect(formatDate(time)).toBe(intl({ dateStyle: 'medium' }, at))
        expect(formatDateTime(time)).toBe(intl({ dateStyle: 'medium', timeStyle: 'short' }, at))
        const day = today(at)
        const midnight = new Date(`${day}T00:00:00Z`)
        expect(formatDay(day)).toBe(intl({ dateStyle: 'medium', timeZone: 'UTC' }, midnight))
        expect(formatShortDay(day)).toBe(intl({ month: 'numeric', day: 'numeric', timeZone: 'UTC' }, midnight))
      }
    })
  }
})
