import { i18n } from '../i18n'
import type { ItemUnits, Quantity, Unit } from '../graphql/schema'

/*
 * Quantities stay exact: the server sends decimal strings in the item's base unit with at most
 * three decimals, and every sum, comparison and conversion here is done on BigInt thousandths,
 * so 3 t split over 128 villages adds back to exactly 3 t and a barrel is never 0.999… of one.
 */

const scale = 1000n

/** Reads a plain non-negative decimal with at most three decimals ("3", "23.438") as thousandths; null otherwise. */
export function parseQuantity(text: string): bigint | null {
  const match = /^(\d+)(?:\.(\d{1,3}))?$/.exec(text.trim())
  if (!match) return null
  return BigInt(match[1]) * scale + BigInt((match[2] ?? '').padEnd(3, '0'))
}

/** Writes thousandths back as the server writes them: "3000", "23.438", no trailing zeros. */
export function writeQuantity(milli: bigint): Quantity {
  const fraction = (milli % scale).toString().padStart(3, '0').replace(/0+$/, '')
  return `${milli / scale}${fraction ? `.${fraction}` : ''}`
}

/** One pack in thousandths of the base unit, or null when the item has no pack. */
export function packMilli(item: ItemUnits): bigint | null {
  const size = item.packSize ? parseQuantity(item.packSize) : null
  return size && size > 0n ? size : null
}

/** How many thousandths of the item's base unit one `unit` is; null when the unit does not fit the item. */
function unitMilli(unit: Unit, item: ItemUnits): bigint | null {
  if (unit === 'PACK') return packMilli(item)
  if (unit === item.baseUnit) return scale
  if (item.baseUnit === 'KG') return ({ T: 1_000_000n, JIN: 500n, G: 1n } as Partial<Record<Unit, bigint>>)[unit] ?? null
  if (item.baseUnit === 'L') return unit === 'ML' ? 1n : null
  return null
}

/** The units an amount of this item may be written in: weights for a kg item, its own count for counted goods, and its pack. */
export function unitsFor(item: ItemUnits): Unit[] {
  const own: Unit[] =
    item.baseUnit === 'KG' ? ['T', 'KG', 'JIN', 'G'] : item.baseUnit === 'L' ? ['L', 'ML'] : [item.baseUnit]
  return packMilli(item) ? [...own, 'PACK'] : own
}

/**
 * Converts an amount typed in `unit` into the item's base unit, or null when it does not fit:
 * not a number, a unit the item cannot take, finer than a thousandth, or part of a counted piece.
 */
export function toBase(amount: string, unit: Unit, item: ItemUnits): Quantity | null {
  const milli = parseQuantity(amount)
  const factor = unitMilli(unit, item)
  if (milli === null || factor === null) return null
  const product = milli * factor
  if (product % scale !== 0n) return null
  const base = product / scale
  const counted = item.baseUnit !== 'KG' && item.baseUnit !== 'L'
  return counted && base % scale !== 0n ? null : writeQuantity(base)
}

/** The amount written in `unit` if that is exact within three decimals (and whole for packs). */
function inUnit(milli: bigint, unit: Unit, item: ItemUnits): string | null {
  const factor = unitMilli(unit, item)
  if (factor === null || (milli * scale) % factor !== 0n) return null
  const value = (milli * scale) / factor
  return unit === 'PACK' && value % scale !== 0n ? null : writeQuantity(value)
}

/** A unit named alone, as in a picker, reads as counted things: bottles, boxes. */
const counted = 2

/**
 * The unit as people write it after a number: 吨, 千克, 斤, or the item's own pack name (桶).
 * `count`, the number it follows, picks the English singular for 1.
 */
export function unitLabel(unit: Unit, item: ItemUnits, count = counted): string {
  if (unit === 'PACK' && item.packName) return item.packName
  return i18n.global.t(`units.${unit}`, count)
}

/** "1 box", "2 boxes", "23.438 kg": the number picks the English singular or plural. */
function written(value: string, unit: Unit, item: ItemUnits): string {
  return `${value} ${unitLabel(unit, item, Number(value))}`
}

/**
 * A base-unit quantity as people write it. In order: the unit the donor used (`prefer`) when
 * the amount is exact in it; whole packs (1 桶); tonnes from 1000 kg of whole kilograms
 * (3 吨); otherwise the base unit, and for kilograms under a tonne also the 斤 a village scale
 * reads when that is a whole number ("100 千克（200 斤）").
 */
export function formatQuantity(quantity: Quantity, item: ItemUnits, prefer?: Unit | null): string {
  const milli = parseQuantity(quantity)
  if (milli === null) return written(quantity, item.baseUnit, item)
  const preferred = prefer ? inUnit(milli, prefer, item) : null
  if (prefer && preferred !== null) return written(preferred, prefer, item)
  const packs = milli > 0n ? inUnit(milli, 'PACK', item) : null
  if (packs !== null) return written(packs, 'PACK', item)
  if (item.baseUnit === 'KG' && milli >= 1_000_000n && milli % scale === 0n) {
    return written(writeQuantity(milli / scale), 'T', item)
  }
  const base = written(writeQuantity(milli), item.baseUnit, item)
  if (item.baseUnit === 'KG' && milli > 0n && milli < 1_000_000n && milli % 500n === 0n) {
    return i18n.global.t('units.withJin', { base, jin: written(writeQuantity(milli * 2n), 'JIN', item) })
  }
  return base
}

/**
 * Shares of a split grouped by amount, largest first, so that 128 rows read as
 * "64 × 23.438 kg, 64 × 23.437 kg" and the zero shares stand out as their own group.
 */
export function groupShares<S extends { quantity: Quantity }>(shares: readonly S[]): { quantity: Quantity; count: number }[] {
  const counts = new Map<bigint, number>()
  for (const share of shares) {
    const milli = parseQuantity(share.quantity) ?? 0n
    counts.set(milli, (counts.get(milli) ?? 0) + 1)
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([milli, count]) => ({ quantity: writeQuantity(milli), count }))
}

/** A line of the public page ("84消毒液 120 桶"): the public type carries the item's units itself. */
export function publicLineText(line: { item: string; quantity: Quantity; enteredUnit: Unit } & ItemUnits): string {
  return `${line.item} ${formatQuantity(line.quantity, line, line.enteredUnit)}`
}

/** What one pack holds, as the unit sheet says it: "1 桶 = 25 千克"; '' for an item without a pack. */
export function packRule(item: ItemUnits): string {
  const size = packMilli(item)
  if (!size) return ''
  return `${written('1', 'PACK', item)} = ${written(writeQuantity(size), item.baseUnit, item)}`
}

/**
 * An amount typed in `unit` written in that unit and in the item's base unit, as the form
 * repeats it while the amount is typed: "120 桶 = 3000 千克"; the base unit alone when that is
 * what was typed, null when the amount does not convert.
 */
export function bothUnits(amount: string, unit: Unit, item: ItemUnits): string | null {
  const base = toBase(amount, unit, item)
  const milli = parseQuantity(amount)
  if (base === null || milli === null || amount.trim() === '') return null
  const typed = written(writeQuantity(milli), unit, item)
  const inBase = written(base, item.baseUnit, item)
  return unit === item.baseUnit ? inBase : `${typed} = ${inBase}`
}
