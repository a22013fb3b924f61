import { createRouter, createWebHistory, type RouteLocationRaw } from 'vue-router'
import type { Role } from '../graphql/schema'
import { activeSession, signOut } from '../stores/session'
import { routes } from './routes'
import { canOpen, homeRouteName, tabOf } from './tabs'

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach((to) => {
  const session = activeSession()
  if (to.meta.public) {
    return to.name === 'login' && session ? { name: homeRouteName(session.viewer.role) } : true
  }
  if (!session) {
    // A delivery sheet's QR code: show the delivery first, then ask only for the password.
    if (to.name === 'allocation') return { name: 'delivery-landing', params: to.params, query: to.query }
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  return canOpen(session.viewer.role, tabOf(to, session.viewer.role)) || { name: homeRouteName(session.viewer.role) }
})

/**
 * Where to go after logging in: back to the page that asked for a login, if it is a path of
 * this app (never another site), otherwise the role's home.
 */
export function afterLogin(role: Role, redirect: unknown): RouteLocationRaw {
  if (typeof redirect === 'string' && /^\/(?![/\\])/.test(redirect)) return redirect
  return { name: homeRouteName(role) }
}

/** Ends a session the server no longer accepts and asks for a new login that comes back here. */
export function endSession(): void {
  signOut()
  const current = router.currentRoute.value
  if (!current.meta.public) void router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
}
