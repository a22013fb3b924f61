import { describe, expect, it } from 'vitest'
import { addDays, chinaToday, dayOrNow, dayToTime, formatDate, formatDay, formatShortDay, today } from './useDate'

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
