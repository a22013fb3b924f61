import { describe, expect, it } from 'vitest'
import { complianceRate, mondaysUpTo, weeklyByGroup } from './useDashboard'

describe('compliance rate', () => {
  it('is compliant over reported, and nothing before the first report', () => {
    expect(complianceRate(7, 6)).toBe(86)
    expect(complianceRate(3, 3)).toBe(100)
    expect(complianceRate(0, 0)).toBeNull()
  })
})

describe('weeks of the inspections chart', () => {
  it('end with the week of the day, Mondays oldest first', () => {
    expect(mondaysUpTo('2020-03-17', 3)).toEqual(['2020-03-02', '2020-03-09', '2020-03-16'])
    expect(mondaysUpTo('2020-03-22', 1)).toEqual(['2020-03-16'])
    expect(mondaysUpTo('2020-03-16')).toHaveLength(8)
  })

  it('give every group a count for every week, zero where it made none', () => {
    const rows = [
      { group: '第一督导组', week: '2020-03-09', count: 2 },
      { group: '第一督导组', week: '2020-03-16', count: 3 },
      { group: '第二督导组', week: '2020-03-16', count: 1 },
    ]
    expect(weeklyByGroup(rows, ['2020-03-09', '2020-03-16'])).toEqual([
      { group: '第一督导组', counts: [2, 3] },
      { group: '第二督导组', counts: [0, 1] },
    ])
  })
})
