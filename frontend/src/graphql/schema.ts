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
