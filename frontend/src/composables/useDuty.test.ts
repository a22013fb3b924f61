import { describe, expect, it } from 'vitest'
import type { DutyShift } from '../graphql/care'
import { groupRoster, validShiftTimes } from './useDuty'

const zhihe = { id: '1', name: '芷荷社区' }
const other = { id: '2', name: '丹阳社区' }
const shift = (id: string, staff: string, starts: string, community = zhihe): DutyShift => ({
  id,
  day: '2020-03-17',
  starts,
  ends: starts < '12:00' ? '12:00' : '18:00',
  task: 'PATROL',
  staff: { id: staff, name: staff },
  community,
})

describe('the roster of a day', () => {
  it('groups shifts by community, earliest first, and counts each cadre once', () => {
    const roster = groupRoster([
      shift('a', '王磊', '13:00'),
      shift('b', '徐力', '07:00'),
      shift('c', '顾付明', '07:00'),
      shift('d', '徐力', '13:00', other),
      shift('e', '徐力', '15:00'),
    ])
    const zhiheRoster = roster.find((entry) => entry.community.id === '1')
    expect(zhiheRoster?.shifts.map((entry) => entry.id)).toEqual(['c', 'b', 'a', 'e'])
    expect(zhiheRoster?.cadres).toBe(3)
    expect(roster.map((entry) => entry.community.name)).toEqual(['丹阳社区', '芷荷社区'])
  })

  it('is empty on a day without shifts', () => {
    expect(groupRoster([])).toEqual([])
  })
})

describe('shift times', () => {
  it('are HH:MM and end after they start', () => {
    expect(validShiftTimes('07:00', '12:00')).toBe(true)
    expect(validShiftTimes('12:00', '07:00')).toBe(false)
    expect(validShiftTimes('7:00', '12:00')).toBe(false)
    expect(validShiftTimes('', '')).toBe(false)
  })
})
