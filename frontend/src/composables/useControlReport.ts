import type { ControlReport, ControlReportInput } from '../graphql/control'
import { parseQuantity, writeQuantity } from './useQuantity'

/*
 * The institution's daily report as a form. The form starts from what was filed last, so a
 * day like yesterday takes a look and one tap; compliance is always the server's verdict,
 * the rule shown beside the fields only says what the server will check.
 */

export interface ReturneeDraft {
  label: string
  returnedOn: string
  isolationStart: string
  /** Empty while the isolation goes on. */
  isolationEnd: string
}

export interface ReportDraft {
  fullDisinfections: number
  roomDisinfections: number
  publicDisinfections: number
  temperatureChecks: number
  abnormalTemperatures: number
  returnees: ReturneeDraft[]
  masksInStock: number
  /** Kilograms as typed: "50", "12.5". */
  disinfectantInStock: string
  thermometers: number
}

/** The "2+1+1" rule: at least 2 whole-site, 1 room and 1 public-area disinfection a day. */
export const disinfectionRule = { fullDisinfections: 2, roomDisinfections: 1, publicDisinfections: 1 } as const
export type Disinfection = keyof typeof disinfectionRule

export function emptyDraft(): ReportDraft {
  return {
    fullDisinfections: 0,
    roomDisinfections: 0,
    publicDisinfections: 0,
    temperatureChecks: 0,
    abnormalTemperatures: 0,
    returnees: [],
    masksInStock: 0,
    disinfectantInStock: '0',
    thermometers: 0,
  }
}

/** Today's report, if filed already, and the latest one before it (the server sends the newest first). */
export function splitLatest(reports: readonly ControlReport[], today: string): { filed: ControlReport | null; earlier: ControlReport | null } {
  return {
    filed: reports.find((report) => report.day === today) ?? null,
    earlier: reports.find((report) => report.day < today) ?? null,
  }
}

/**
 * A report as the form to file today: today's own report as it stands (to revise it), or an
 * earlier one with its counts and stock carried over. From an earlier day only the returnees
 * still in isolation come along: one whose isolation ended has joined the other residents.
 */
export function draftFrom(report: ControlReport | null, today: string): ReportDraft {
  if (!report) return emptyDraft()
  const carried = (report.returnees ?? []).filter((returnee) => report.day === today || !returnee.isolationEnd)
  return {
    fullDisinfections: report.fullDisinfections,
    roomDisinfections: report.roomDisinfections,
    publicDisinfections: report.publicDisinfections,
    temperatureChecks: report.temperatureChecks,
    abnormalTemperatures: report.abnormalTemperatures,
    returnees: carried.map((returnee) => ({
      label: returnee.label,
      returnedOn: returnee.returnedOn,
      isolationStart: returnee.isolationStart ?? '',
      isolationEnd: returnee.isolationEnd ?? '',
    })),
    masksInStock: report.masksInStock,
    disinfectantInStock: report.disinfectantInStock,
    thermometers: report.thermometers,
  }
}

/** Whether a disinfection count meets its part of the 2+1+1 rule, for the mark beside it. */
export function meetsRule(draft: ReportDraft, field: Disinfection): boolean {
  return draft[field] >= disinfectionRule[field]
}

/**
 * What is wrong with a returnee row before the server is asked, as an i18n key, or null. The
 * server checks the same; asking here keeps the answer at the row.
 */
export function returneeProblem(returnee: ReturneeDraft, today: string): string | null {
  if (!returnee.label.trim()) return 'report.returneeLabelRequired'
  if (!returnee.returnedOn) return 'report.returnedOnRequired'
  const dates = [returnee.returnedOn, returnee.isolationStart, returnee.isolationEnd].filter(Boolean)
  if (dates.some((day) => day > today)) return 'report.noFutureDates'
  if (returnee.isolationStart && returnee.isolationEnd && returnee.isolationEnd < returnee.isolationStart) {
    return 'report.isolationOrder'
  }
  return null
}

/** The form as the API takes it; null when the disinfectant stock is not a plain amount of kilograms. */
export function reportInput(draft: ReportDraft): ControlReportInput | null {
  const stock = parseQuantity(draft.disinfectantInStock)
  if (stock === null) return null
  return {
    fullDisinfections: draft.fullDisinfections,
    roomDisinfections: draft.roomDisinfections,
    publicDisinfections: draft.publicDisinfections,
    temperatureChecks: draft.temperatureChecks,
    abnormalTemperatures: draft.abnormalTemperatures,
    returnees: draft.returnees.map((returnee) => ({
      label: returnee.label.trim(),
      returnedOn: returnee.returnedOn,
      ...(returnee.isolationStart ? { isolationStart: returnee.isolationStart } : {}),
      ...(returnee.isolationEnd ? { isolationEnd: returnee.isolationEnd } : {}),
    })),
    masksInStock: draft.masksInStock,
    disinfectantInStock: writeQuantity(stock),
    thermometers: draft.thermometers,
  }
}
