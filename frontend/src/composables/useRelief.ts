import type { CareCase, Fen, OverdueCase, ReliefStage, ReliefTotal, TravellerAid } from '../graphql/relief'
import { nodes } from '../graphql/tada'

/*
 * Relief money stays exact: the server sends integer fen, every sum here is BigInt, and the
 * amount is written in 亿元 / 万元 / 元 (or billion / million / yuan) by integer division,
 * rounded half up to two decimals only when it is not exact.
 */

/** Integer fen as BigInt; a fractional or malformed value is a server bug and counts as zero. */
export function toFen(value: Fen | null | undefined): bigint {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : 0n
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim())
  return 0n
}

/** `fen / unit` written with at most `decimals` decimals, half up, no trailing zeros: 5.16, 1800, 0.01. */
export function scaled(fen: bigint, unit: bigint, decimals = 2): string {
  const negative = fen < 0n
  const magnitude = negative ? -fen : fen
  const factor = 10n ** BigInt(decimals)
  const rounded = (magnitude * factor * 2n + unit) / (unit * 2n)
  const whole = rounded / factor
  const fraction = (rounded % factor).toString().padStart(decimals, '0').replace(/0+$/, '')
  return `${negative && rounded > 0n ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}

const yuan = 100n
const wan = 10_000n * yuan
const yi = 10_000n * wan

/** The amount as the bureau writes it: 5.16亿元, 1800万元, 356.5元. */
export function formatYuanZh(fen: bigint): string {
  const magnitude = fen < 0n ? -fen : fen
  if (magnitude >= yi) return `${scaled(fen, yi)}亿元`
  if (magnitude >= wan) return `${scaled(fen, wan)}万元`
  return `${scaled(fen, yuan)}元`
}

const million = 1_000_000n * yuan
const billion = 1000n * million

/** The same amount in English: 516 million yuan, 18 million yuan, 356.5 yuan. */
export function formatYuanEn(fen: bigint): string {
  const magnitude = fen < 0n ? -fen : fen
  if (magnitude >= billion) return `${scaled(fen, billion)} billion yuan`
  if (magnitude >= million) return `${scaled(fen, million)} million yuan`
  return `${scaled(fen, yuan)} yuan`
}

export function formatYuan(fen: bigint, locale: string): string {
  return locale.startsWith('zh') ? formatYuanZh(fen) : formatYuanEn(fen)
}

/** 万元 as a plain number for a chart axis; the tiles, not the chart, carry the exact amounts. */
export function fenToWan(fen: bigint): number {
  return Number(scaled(fen, wan))
}

export interface ReliefTiles {
  preAllocatedFen: bigint
  paidFen: bigint
  temporaryPersons: number
  temporaryPaidFen: bigint
}

/** The four tiles from the totals by programme: everything pre-allocated, everything paid, and temporary assistance paid. */
export function reliefTiles(byProgramme: readonly ReliefTotal[]): ReliefTiles {
  const tiles: ReliefTiles = { preAllocatedFen: 0n, paidFen: 0n, temporaryPersons: 0, temporaryPaidFen: 0n }
  for (const row of byProgramme) {
    const fen = toFen(row.amountFen)
    if (row.stage === 'PRE_ALLOCATED') tiles.preAllocatedFen += fen
    else tiles.paidFen += fen
    if (row.stage === 'PAID' && row.programme === 'TEMPORARY') {
      tiles.temporaryPersons += row.persons
      tiles.temporaryPaidFen += fen
    }
  }
  return tiles
}

/** One stage's amounts by `key` (county or month), in the order the keys are given, zero where there is none. */
export function amountsBy(
  rows: readonly ReliefTotal[],
  key: 'county' | 'month',
  stage: ReliefStage,
  keys: readonly string[],
): bigint[] {
  const sums = new Map<string, bigint>()
  for (const row of rows) {
    const name = row[key]
    if (row.stage !== stage || name == null) continue
    sums.set(name, (sums.get(name) ?? 0n) + toFen(row.amountFen))
  }
  return keys.map((name) => sums.get(name) ?? 0n)
}

/** The distinct values of `key` in the rows: months oldest first, counties by amount paid, largest first. */
export function keysOf(rows: readonly ReliefTotal[], key: 'county' | 'month'): string[] {
  const names = [...new Set(rows.map((row) => row[key]).filter((name): name is string => name != null))]
  if (key === 'month') return names.sort()
  const paid = amountsBy(rows, key, 'PAID', names)
  return names
    .map((name, index) => ({ name, paid: paid[index] }))
    .sort((a, b) => (a.paid < b.paid ? 1 : a.paid > b.paid ? -1 : a.name.localeCompare(b.name, 'zh-CN')))
    .map((entry) => entry.name)
}

/** "第3行 金额(元)：…" lines of a refused sheet, in row order. */
export function sheetErrorLines(
  errors: readonly { row: number; column: string; message: string }[],
  line: (error: { row: number; column: string; message: string }) => string,
): string[] {
  return [...errors].sort((a, b) => a.row - b.row).map(line)
}

export interface CareCaseView extends CareCase {
  lastCheckIn: string | null
  lastNote: string | null
  daysOverdue: number | null
}

/** The cases with their last check-in and, from the server's overdue list, how late they are; late ones first. */
export function careCaseViews(cases: readonly CareCase[], overdue: readonly OverdueCase[]): CareCaseView[] {
  const late = new Map(overdue.map((entry) => [entry.case.id, entry.daysOverdue]))
  return cases
    .map((entry) => {
      const last = nodes(entry.checkIns)[0] ?? null
      return { ...entry, lastCheckIn: last?.at ?? null, lastNote: last?.note ?? null, daysOverdue: late.get(entry.id) ?? null }
    })
    .sort((a, b) => (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1))
}

/** The travellers helped over the entries shown, and how many of them came from Hubei: the figures a report asks for first. */
export function travellerTotals(aids: readonly Pick<TravellerAid, 'travellers' | 'fromHubei'>[]): { travellers: number; fromHubei: number } {
  return aids.reduce(
    (sum, aid) => ({ travellers: sum.travellers + aid.travellers, fromHubei: sum.fromHubei + aid.fromHubei }),
    { travellers: 0, fromHubei: 0 },
  )
}

/** A count typed into a digit field as a number; null when it is empty, so "required" and "0" stay apart. */
export function typedCount(text: string): number | null {
  const digits = text.trim()
  return /^\d+$/.test(digits) ? Number(digits) : null
}

/**
 * Whether the travellers from Hubei are some of those helped, as the server insists: caught on
 * the phone so the form says so at the field before anything is sent.
 */
export function fromHubeiFits(travellers: number | null, fromHubei: number | null): boolean {
  return fromHubei === null || travellers === null || fromHubei <= travellers
}
