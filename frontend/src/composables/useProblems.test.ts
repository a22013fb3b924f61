import { describe, expect, it } from 'vitest'
import type { ProblemItem } from '../graphql/control'
import { nextSteps, severityTag, sortProblems } from './useProblems'

type Row = Pick<ProblemItem, 'id' | 'status' | 'deadline' | 'severity' | 'resolvedOn'>

const row = (id: string, changes: Partial<Row> = {}): Row => ({
  id,
  status: 'OPEN',
  deadline: '2020-03-20',
  severity: 'MEDIUM',
  resolvedOn: null,
  ...changes,
})

describe('problem steps', () => {
  it('follow the server: open → in progress → resolved, or straight to resolved', () => {
    expect(nextSteps('OPEN')).toEqual(['IN_PROGRESS', 'RESOLVED'])
    expect(nextSteps('IN_PROGRESS')).toEqual(['RESOLVED'])
    expect(nextSteps('RESOLVED')).toEqual([])
  })
})

describe('the order of problems', () => {
  it('puts the overdue first, then the soonest deadline and the most severe, and the resolved last', () => {
    const problems = [
      row('done-early', { status: 'RESOLVED', resolvedOn: '2020-03-15' }),
      row('later', { deadline: '2020-03-25' }),
      row('soon-low', { deadline: '2020-03-18', severity: 'LOW' }),
      row('soon-high', { deadline: '2020-03-18', severity: 'HIGH' }),
      row('overdue', { deadline: '2020-03-19', status: 'IN_PROGRESS' }),
      row('done-late', { status: 'RESOLVED', resolvedOn: '2020-03-16' }),
    ]
    const order = sortProblems(problems, new Set(['overdue'])).map((problem) => problem.id)
    expect(order).toEqual(['overdue', 'soon-high', 'soon-low', 'later', 'done-late', 'done-early'])
  })

  it('leaves the list it was given alone', () => {
    const problems = [row('b', { deadline: '2020-03-21' }), row('a')]
    sortProblems(problems, new Set())
    expect(problems.map((problem) => problem.id)).toEqual(['b', 'a'])
  })
})

describe('severity colours', () => {
  it('make high red, medium orange and low blue', () => {
    expect(severityTag('HIGH')).toBe('danger')
    expect(severityTag('MEDIUM')).toBe('warning')
    expect(severityTag('LOW')).toBe('primary')
  })
})
