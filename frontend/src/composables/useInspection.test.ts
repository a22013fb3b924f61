import { describe, expect, it } from 'vitest'
import { emptyInspection, inspectionInput, newProblem, problemDraftProblem } from './useInspection'

describe('a new inspection', () => {
  it('is unannounced and asserts nothing else', () => {
    const draft = emptyInspection()
    expect(draft.unannounced).toBe(true)
    expect([draft.suppliesPurchasingOk, draft.visitsSuspended, draft.safetyLine, draft.returneeIsolationOk]).toEqual([false, false, false, false])
  })

  it('gives a new problem three days and the institution’s contact', () => {
    expect(newProblem('2020-03-30', '张院长')).toEqual({ description: '', severity: 'MEDIUM', assignee: '张院长', deadline: '2020-04-02' })
  })
})

describe('problem rows', () => {
  const row = { description: '隔离室无标识', severity: 'HIGH' as const, assignee: '张院长', deadline: '2020-03-20' }

  it('need a description, someone to fix it and a deadline not before today', () => {
    expect(problemDraftProblem(row, '2020-03-17')).toBeNull()
    expect(problemDraftProblem({ ...row, description: ' ' }, '2020-03-17')).toBe('inspect.descriptionRequired')
    expect(problemDraftProblem({ ...row, assignee: '' }, '2020-03-17')).toBe('inspect.assigneeRequired')
    expect(problemDraftProblem({ ...row, deadline: '2020-03-16' }, '2020-03-17')).toBe('inspect.deadlineRequired')
  })
})

describe('the inspection as the API takes it', () => {
  it('trims the texts and leaves out the empty ones', () => {
    const draft = {
      ...emptyInspection(),
      disinfectionsPerDay: 2,
      findings: '  消毒记录齐全 ',
      problems: [{ description: ' 隔离室无标识 ', severity: 'HIGH' as const, assignee: ' 张院长', deadline: '2020-03-20' }],
    }
    const input = inspectionInput('42', draft)
    expect(input).toMatchObject({
      institutionID: '42',
      unannounced: true,
      disinfectionsPerDay: 2,
      findings: '消毒记录齐全',
      problems: [{ description: '隔离室无标识', severity: 'HIGH', assignee: '张院长', deadline: '2020-03-20' }],
    })
    expect(input).not.toHaveProperty('suppliesHandedOver')
  })
})
