import { describe, expect, it } from 'vitest'
import { dayToTime, formatDate, today } from './useDate'

describe('days and instants', () => {
  it('send a day as local midnight with its offset, and read it back as the same day', () => {
    const time = dayToTime('2020-03-17')
    expect(time).toMatch(/^2020-03-17T00:00:00[+-]\d{2}:\d{2}$/)
    expect(today(new Date(time))).toBe('2020-03-17')
    expect(formatDate(time)).toBe('2020年3月17日')
  })
})
