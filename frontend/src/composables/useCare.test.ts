import { describe, expect, it } from 'vitest'
import { followUpLabel, sortFollowUps, suggestedFollowUp } from './useCare'

const followUp = (name: string, overdue: boolean, daysOverdue: number, due: string) => ({ name, overdue, daysOverdue, due })

describe('the follow-up list', () => {
  it('puts the longest overdue first and the rest by when they fall due', () => {
    const sorted = sortFollowUps([
      followUp('due-late', false, 0, '2020-03-17T15:00:00+08:00'),
      followUp('two-days', true, 2, '2020-03-15T09:00:00+08:00'),
      followUp('due-early', false, 0, '2020-03-17T08:00:00+08:00'),
      followUp('nine-days', true, 9, '2020-03-08T09:00:00+08:00'),
    ])
    expect(sorted.map((entry) => entry.name)).toEqual(['nine-days', 'two-days', 'due-early', 'due-late'])
  })

  it('words overdue entries by their days and the rest as due today', () => {
    expect(followUpLabel({ overdue: true, daysOverdue: 2 })).toEqual({ key: 'care.overdueDays', n: 2 })
    expect(followUpLabel({ overdue: false, daysOverdue: 0 })).toEqual({ key: 'care.dueToday', n: 0 })
  })
})

describe('the next follow-up of a new record', () => {
  it('follows the care plan, and is left open without one', () => {
    expect(suggestedFollowUp('2020-03-17', { intervalDays: 7 })).toBe('2020-03-24')
    expect(suggestedFollowUp('2020-03-17', null)).toBe('')
  })
})
