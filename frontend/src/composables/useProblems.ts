import type { ProblemItem, ProblemSeverity, ProblemStatus } from '../graphql/control'

/*
 * Problems raised by inspections, as the institution and the inspectors work them off:
 * what to show first and which step each one may take next.
 */

/** The steps the server allows from a status: OPEN → IN_PROGRESS → RESOLVED, or OPEN → RESOLVED at once. */
export function nextSteps(status: ProblemStatus): ProblemStatus[] {
  if (status === 'OPEN') return ['IN_PROGRESS', 'RESOLVED']
  if (status === 'IN_PROGRESS') return ['RESOLVED']
  return []
}

const severityRank: Record<ProblemSeverity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 }

/**
 * The order of the list: unresolved before resolved; among the unresolved the overdue first,
 * then the soonest deadline, then the most severe; the resolved most recent first.
 */
export function sortProblems<P extends Pick<ProblemItem, 'id' | 'status' | 'deadline' | 'severity' | 'resolvedOn'>>(
  problems: readonly P[],
  overdue: ReadonlySet<string>,
): P[] {
  return [...problems].sort((a, b) => {
    const resolved = Number(a.status === 'RESOLVED') - Number(b.status === 'RESOLVED')
    if (resolved) return resolved
    if (a.status === 'RESOLVED') return (b.resolvedOn ?? '').localeCompare(a.resolvedOn ?? '')
    const late = Number(overdue.has(b.id)) - Number(overdue.has(a.id))
    return late || a.deadline.localeCompare(b.deadline) || severityRank[a.severity] - severityRank[b.severity]
  })
}

/** The Vant tag colour of a severity: high is red, medium orange, low blue (Vant's grey is too pale to read). */
export function severityTag(severity: ProblemSeverity): 'danger' | 'warning' | 'primary' {
  return severity === 'HIGH' ? 'danger' : severity === 'MEDIUM' ? 'warning' : 'primary'
}
