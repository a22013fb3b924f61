import { describe, expect, it } from 'vitest'
import type { ControlReport } from '../graphql/control'
import { draftFrom, emptyDraft, meetsRule, reportInput, returneeProblem, splitLatest } from './useControlReport'

function report(day: string, changes: Partial<ControlReport> = {}): ControlReport {
  return {
    id: day,
    day,
    fullDisinfections: 2,
    roomDisinfections: 1,
    publicDisinfections: 1,
    temperatureChecks: 2,
    abnormalTemperatures: 0,
    returnees: null,
    masksInStock: 200,
    disinfectantInStock: '50',
    thermometers: 4,
    compliant: true,
    problems: null,
    revision: 1,
    ...changes,
  }
}

const isolating = { label: '李奶奶', returnedOn: '2020-03-10', isolationStart: '2020-03-10', isolationEnd: null }
const rejoined = { label: '王爷爷', returnedOn: '2020-02-20', isolationStart: '2020-02-20', isolationEnd: '2020-03-05' }

describe('the report to start from', () => {
  it('is today’s when filed, and the latest earlier one as well', () => {
    const today = report('2020-03-17', { revision: 2 })
    const yesterday = report('2020-03-16')
    expect(splitLatest([today, yesterday], '2020-03-17')).toEqual({ filed: today, earlier: yesterday })
    expect(splitLatest([yesterday], '2020-03-17')).toEqual({ filed: null, earlier: yesterday })
    expect(splitLatest([], '2020-03-17')).toEqual({ filed: null, earlier: null })
  })
})

describe('a form filled from an earlier report', () => {
  it('carries the counts and the stock over', () => {
    const draft = draftFrom(report('2020-03-16'), '2020-03-17')
    expect(draft).toEqual({ ...emptyDraft(), fullDisinfections: 2, roomDisinfections: 1, publicDisinfections: 1, temperatureChecks: 2, masksInStock: 200, disinfectantInStock: '50', thermometers: 4 })
  })

  it('keeps the returnees still in isolation and drops those who have joined the others', () => {
    const draft = draftFrom(report('2020-03-16', { returnees: [isolating, rejoined] }), '2020-03-17')
    expect(draft.returnees).toEqual([{ label: '李奶奶', returnedOn: '2020-03-10', isolationStart: '2020-03-10', isolationEnd: '' }])
  })

  it('keeps every returnee of today’s own report, to revise it', () => {
    const draft = draftFrom(report('2020-03-17', { returnees: [isolating, rejoined] }), '2020-03-17')
    expect(draft.returnees.map((returnee) => returnee.label)).toEqual(['李奶奶', '王爷爷'])
  })

  it('starts at zero without any report', () => {
    expect(draftFrom(null, '2020-03-17')).toEqual(emptyDraft())
  })
})

describe('the 2+1+1 rule beside the fields', () => {
  it('asks for two whole-site, one room and one public-area disinfection', () => {
    const draft = { ...emptyDraft(), fullDisinfections: 1, roomDisinfections: 1, publicDisinfections: 0 }
    expect(meetsRule(draft, 'fullDisinfections')).toBe(false)
    expect(meetsRule(draft, 'roomDisinfections')).toBe(true)
    expect(meetsRule(draft, 'publicDisinfections')).toBe(false)
    expect(meetsRule({ ...draft, fullDisinfections: 2 }, 'fullDisinfections')).toBe(true)
  })
})

describe('returnee rows', () => {
  const row = { label: '李奶奶', returnedOn: '2020-03-10', isolationStart: '2020-03-10', isolationEnd: '' }

  it('need a name and a return day, no future dates, and an end after the start', () => {
    expect(returneeProblem(row, '2020-03-17')).toBeNull()
    expect(returneeProblem({ ...row, label: ' ' }, '2020-03-17')).toBe('report.returneeLabelRequired')
    expect(returneeProblem({ ...row, returnedOn: '' }, '2020-03-17')).toBe('report.returnedOnRequired')
    expect(returneeProblem({ ...row, isolationEnd: '2020-03-18' }, '2020-03-17')).toBe('report.noFutureDates')
    expect(returneeProblem({ ...row, isolationEnd: '2020-03-09' }, '2020-03-17')).toBe('report.isolationOrder')
  })
})

describe('the report as the API takes it', () => {
  it('trims names, leaves out empty dates and writes the stock as the server does', () => {
    const draft = {
      ...emptyDraft(),
      fullDisinfections: 2,
      disinfectantInStock: '12.50',
      returnees: [{ label: ' 李奶奶 ', returnedOn: '2020-03-10', isolationStart: '2020-03-10', isolationEnd: '' }],
    }
    expect(reportInput(draft)).toMatchObject({
      fullDisinfections: 2,
      disinfectantInStock: '12.5',
      returnees: [{ label: '李奶奶', returnedOn: '2020-03-10', isolationStart: '2020-03-10' }],
    })
    expect(reportInput(draft)?.returnees?.[0]).not.toHaveProperty('isolationEnd')
  })

  it('refuses a stock that is not a plain amount of kilograms', () => {
    expect(reportInput({ ...emptyDraft(), disinfectantInStock: '-1' })).toBeNull()
    expect(reportInput({ ...emptyDraft(), disinfectantInStock: '五十' })).toBeNull()
  })
})
