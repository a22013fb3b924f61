import type { InspectionInput, ProblemSeverity } from '../graphql/control'
import { addDays } from './useDate'

/*
 * An inspection as the inspector fills it in on the spot: the checklist, what was found, and
 * any problems to put right, each with who fixes it and by when.
 */

export interface ProblemDraft {
  description: string
  severity: ProblemSeverity
  assignee: string
  deadline: string
}

/** The checklist as the form holds it: every answer set, the texts empty until written. */
export interface InspectionDraft {
  unannounced: boolean
  disinfectionsPerDay: number
  temperatureChecksPerDay: number
  suppliesPurchasingOk: boolean
  visitsSuspended: boolean
  safetyLine: boolean
  returneeIsolationOk: boolean
  findings: string
  suppliesHandedOver: string
  problems: ProblemDraft[]
}

/** Days an institution gets to put a problem right unless the inspector says otherwise. */
const defaultDeadlineDays = 3

/**
 * A blank inspection: unannounced, as the groups worked (四不两直); nothing else is taken as
 * found until the inspector says so.
 */
export function emptyInspection(): InspectionDraft {
  return {
    unannounced: true,
    disinfectionsPerDay: 0,
    temperatureChecksPerDay: 0,
    suppliesPurchasingOk: false,
    visitsSuspended: false,
    safetyLine: false,
    returneeIsolationOk: false,
    findings: '',
    suppliesHandedOver: '',
    problems: [],
  }
}

/** A new problem row: medium, assigned to the institution's contact, due in a few days. */
export function newProblem(today: string, assignee = ''): ProblemDraft {
  return { description: '', severity: 'MEDIUM', assignee, deadline: addDays(today, defaultDeadlineDays) }
}

/** What is wrong with a problem row before the server is asked, as an i18n key, or null. */
export function problemDraftProblem(problem: ProblemDraft, today: string): string | null {
  if (!problem.description.trim()) return 'inspect.descriptionRequired'
  if (!problem.assignee.trim()) return 'inspect.assigneeRequired'
  if (!problem.deadline || problem.deadline < today) return 'inspect.deadlineRequired'
  return null
}

/** The inspection as the API takes it, texts trimmed and empty ones left out. */
export function inspectionInput(institutionID: string, draft: InspectionDraft): InspectionInput {
  const { findings, suppliesHandedOver, problems, ...checklist } = draft
  return {
    institutionID,
    ...checklist,
    ...(findings.trim() ? { findings: findings.trim() } : {}),
    ...(suppliesHandedOver.trim() ? { suppliesHandedOver: suppliesHandedOver.trim() } : {}),
    problems: problems.map((problem) => ({
      description: problem.description.trim(),
      severity: problem.severity,
      assignee: problem.assignee.trim(),
      deadline: problem.deadline,
    })),
  }
}
