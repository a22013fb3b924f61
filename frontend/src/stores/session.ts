import { computed, shallowRef } from 'vue'
import { roles, type AuthPayload, type Viewer } from '../graphql/schema'

/** The login payload, kept in localStorage so that a reload or a new tab stays logged in until the token expires. */
export type Session = AuthPayload

const storageKey = 'mzdesk.session'

/**
 * A token is treated as expired this long before the server would refuse it, so that a
 * request sent at the last moment does not fail halfway through a form.
 */
export const expiryMarginMs = 30_000

/** Whether the session can no longer be used at `now`; an unreadable expiry counts as expired. */
export function isExpired(session: Pick<Session, 'expiresAt'>, now = Date.now()): boolean {
  const expiresAt = Date.parse(session.expiresAt)
  return Number.isNaN(expiresAt) || expiresAt - expiryMarginMs <= now
}

/** Reads the stored session; anything malformed or from an unknown role is treated as no session. */
function load(): Session | null {
  let stored: unknown
  try {
    stored = JSON.parse(localStorage.getItem(storageKey) ?? 'null')
  } catch {
    return null
  }
  const candidate = stored as Session | null
  const valid =
    typeof candidate?.token === 'string' &&
    typeof candidate.expiresAt === 'string' &&
    typeof candidate.viewer?.displayName === 'string' &&
    roles.includes(candidate.viewer.role)
  return valid ? candidate : null
}

/**
 * The session as requests read it. It is kept apart from the reactive copy below so that the
 * GraphQL client reading the token inside a component's effect does not make that effect, and
 * so the query, run again whenever the session changes.
 */
let session: Session | null = load()
const current = shallowRef<Session | null>(session)

function set(next: Session | null): void {
  session = next
  current.value = next
}

/** The logged-in user for templates; null once logged out. */
export const viewer = computed<Viewer | null>(() => current.value?.viewer ?? null)

/** The session if it is still usable; an expired one is dropped on the way. */
export function activeSession(now = Date.now()): Session | null {
  if (session && isExpired(session, now)) signOut()
  return session
}

export function signIn(payload: AuthPayload): void {
  set(payload)
  localStorage.setItem(storageKey, JSON.stringify(payload))
}

/** Replaces the stored viewer with the server's fresh copy (role or scope may have changed). */
export function updateViewer(fresh: Viewer): void {
  if (session) signIn({ ...session, viewer: fresh })
}

export function signOut(): void {
  set(null)
  localStorage.removeItem(storageKey)
}
