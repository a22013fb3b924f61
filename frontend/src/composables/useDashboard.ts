import type { ControlDashboard } from '../graphql/control'
import { addDays } from './useDate'

/*
 * The bureau's dashboard figures turned into what the tiles and charts show. The server
 * counts; this only divides and lays the counts out.
 */

/** Compliant reports as a whole percentage of the reports filed; null when none was filed yet. */
export function complianceRate(reported: number, compliant: number): number | null {
  return reported > 0 ? Math.round((compliant / reported) * 100) : null
}

/** How many weeks the inspections chart covers: as many as the server counts (`weeks` in internal/control/dashboard.go). */
const chartWeeks = 8

/** The Mondays of the `count` weeks up to and including the week of `day`, oldest first. */
export function mondaysUpTo(day: string, count = chartWeeks): string[] {
  const [year, month, date] = day.split('-').map(Number)
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay()
  const monday = addDays(day, -((weekday + 6) % 7))
  return Array.from({ length: count }, (_, index) => addDays(monday, -7 * (count - 1 - index)))
}

/**
 * Inspections per group for each of `weeks`, zero where a group made none: the server lists
 * only the weeks with inspections, a chart needs every week in its place. Groups keep the
 * server's order (code-point order would put 第三 before 第二).
 */
export function weeklyByGroup(
  rows: ControlDashboard['inspectionsByWeek'],
  weeks: readonly string[],
): { group: string; counts: number[] }[] {
  const groups = [...new Set(rows.map((row) => row.group))]
  return groups.map((group) => ({
    group,
    counts: weeks.map((week) => rows.find((row) => row.group === group && row.week === week)?.count ?? 0),
  }))
}
