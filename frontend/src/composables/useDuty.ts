import type { DutyShift } from '../graphql/care'

/** One community's shifts of a day, earliest first, with how many different cadres stand them. */
export interface CommunityRoster {
  community: DutyShift['community']
  cadres: number
  shifts: DutyShift[]
}

/**
 * A day's roster grouped by community, as the bureau reads it: communities by name, each
 * community's shifts by start time, then by name.
 */
export function groupRoster(shifts: readonly DutyShift[]): CommunityRoster[] {
  const byCommunity = new Map<string, CommunityRoster>()
  for (const shift of shifts) {
    const entry = byCommunity.get(shift.community.id) ?? { community: shift.community, cadres: 0, shifts: [] }
    entry.shifts.push(shift)
    byCommunity.set(shift.community.id, entry)
  }
  const groups = [...byCommunity.values()]
  for (const group of groups) {
    group.shifts.sort((a, b) => a.starts.localeCompare(b.starts) || a.staff.name.localeCompare(b.staff.name, 'zh-CN'))
    group.cadres = new Set(group.shifts.map((shift) => shift.staff.id)).size
  }
  return groups.sort((a, b) => a.community.name.localeCompare(b.community.name, 'zh-CN'))
}

/** Whether a shift's times read as a shift: HH:MM, ending after it starts (the server checks the same). */
export function validShiftTimes(starts: string, ends: string): boolean {
  const clock = /^([01]\d|2[0-3]):[0-5]\d$/
  return clock.test(starts) && clock.test(ends) && starts < ends
}
