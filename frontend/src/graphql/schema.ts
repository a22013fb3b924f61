/** The roles of the GraphQL enum `Role`, spelled as the server spells them. */
export const roles = [
  'ADMIN',
  'BUREAU',
  'CHARITY_OFFICE',
  'VILLAGE_COMMITTEE',
  'INSPECTOR',
  'INSTITUTION',
  'CARE_OFFICER',
] as const

export type Role = (typeof roles)[number]

/** The logged-in user as `viewer` and `login` return it. */
export interface Viewer {
  id: string
  username: string
  displayName: string
  role: Role
  /** The org unit or institution the role is limited to; null when the role sees everything. */
  scopeName: string | null
}

/** What `login` returns; the SPA keeps it as its session. */
export interface AuthPayload {
  token: string
  /** RFC 3339 time after which the server refuses the token. */
  expiresAt: string
  viewer: Viewer
}

/** The GraphQL enum `Unit`: what people write an amount in. PACK is the item's own pack (桶, 箱). */
export type Unit = 'T' | 'KG' | 'JIN' | 'G' | 'L' | 'ML' | 'PIECE' | 'BOTTLE' | 'STICK' | 'BOX' | 'PACK'

/**
 * An exact amount as the server writes it: a decimal string in the item's base unit, e.g. "3000"
 * or "23.438". Never turned into a JavaScript number.
 */
export type Quantity = string

/** What an amount needs to be written in its units: the base unit and the pack, if the item has one. */
export interface ItemUnits {
  baseUnit: Unit
  /** What people call one pack: 桶, 箱. */
  packName?: string | null
  /** One pack in the base unit; null or "0" when the item has no pack. */
  packSize?: Quantity | null
}

export interface Item extends ItemUnits {
  id: string
  name: string
}

export type AllocationStatus = 'PLANNED' | 'DISPATCHED' | 'RECEIVED' | 'DISPUTED' | 'CANCELLED'
export type SplitMethod = 'EVEN' | 'WEIGHTED' | 'MANUAL'
export type SplitUnit = 'PACK' | 'BASE'
export type WeightBy = 'POPULATION' | 'HOUSEHOLDS'
/** Who gets a pack first when whole packs do not go round. */
export type FirstBy = 'LIST' | 'POPULATION' | 'TICKED' | 'STREET'
export type RejectReason = 'DAMAGED' | 'SHORT' | 'WRONG_ITEM'
