import type { LoginMutation, ViewerFields } from './auth'
import type { ItemFields } from './donation'
import type { ResultOf, SchemaType } from './tada'

/** The roles of the GraphQL enum `Role`, in the order the admin screens list them. */
export const roles = [
  'ADMIN',
  'BUREAU',
  'CHARITY_OFFICE',
  'VILLAGE_COMMITTEE',
  'INSPECTOR',
  'INSTITUTION',
  'CARE_OFFICER',
] as const satisfies readonly SchemaType<'Role'>[]

export type Role = SchemaType<'Role'>

/** The logged-in user as `viewer` and `login` return it. */
export type Viewer = ResultOf<typeof ViewerFields>

/** What `login` returns (expiresAt: RFC 3339 time after which the server refuses the token); the SPA keeps it as its session. */
export type AuthPayload = ResultOf<typeof LoginMutation>['login']

/** The GraphQL enum `Unit`: what people write an amount in. PACK is the item's own pack (桶, 箱). */
export type Unit = SchemaType<'Unit'>

/**
 * An exact amount as the server writes it: a decimal string in the item's base unit, e.g. "3000"
 * or "23.438". Never turned into a JavaScript number.
 */
export type Quantity = SchemaType<'Quantity'>

/** What an amount needs to be written in its units: the base unit and the pack, if the item has one. */
export interface ItemUnits {
  baseUnit: Unit
  /** What people call one pack: 桶, 箱. */
  packName?: string | null
  /** One pack in the base unit; null or "0" when the item has no pack. */
  packSize?: Quantity | null
}

export type Item = ResultOf<typeof ItemFields>

export type AllocationStatus = SchemaType<'AllocationStatus'>
export type SplitMethod = SchemaType<'SplitMethod'>
export type SplitUnit = SchemaType<'SplitUnit'>
export type WeightBy = SchemaType<'WeightBy'>
/** Who gets a pack first when whole packs do not go round. */
export type FirstBy = SchemaType<'FirstBy'>
export type RejectReason = SchemaType<'ReceiptRejectReason'>
