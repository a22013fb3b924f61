import type { RouteLocationNormalizedGeneric, RouteRecordNameGeneric } from 'vue-router'
import type { Role } from '../graphql/schema'

/** One entry of the bottom tab bar: the route it opens, a Vant icon name and an i18n key. */
export interface Tab {
  name: string
  icon: string
  label: string
}

const home = (name: string): Tab => ({ name, icon: 'home-o', label: 'tabs.home' })
const me: Tab = { name: 'me', icon: 'user-o', label: 'tabs.me' }

/**
 * The tab bar of each role, home first. It is also the access list the router checks, so a
 * role can neither see nor open a tab that is not listed here.
 */
export const roleTabs: Record<Role, readonly Tab[]> = {
  ADMIN: [home('admin-home'), me],
  BUREAU: [
    { name: 'bureau-home', icon: 'chart-trending-o', label: 'tabs.dashboard' },
    { name: 'bureau-duty', icon: 'calendar-o', label: 'tabs.duty' },
    { name: 'bureau-care', icon: 'like-o', label: 'tabs.careSummary' },
    { name: 'bureau-relief', icon: 'balance-o', label: 'tabs.relief' },
    me,
  ],
  CHARITY_OFFICE: [
    { name: 'charity-home', icon: 'gift-o', label: 'tabs.donations' },
    { name: 'donation-new', icon: 'add-o', label: 'tabs.newDonation' },
    me,
  ],
  VILLAGE_COMMITTEE: [
    { name: 'village-home', icon: 'logistics', label: 'tabs.toReceive' },
    { name: 'village-history', icon: 'completed-o', label: 'tabs.received' },
    { name: 'village-care', icon: 'friends-o', label: 'tabs.oneToOne' },
    me,
  ],
  INSPECTOR: [
    { name: 'inspector-home', icon: 'hotel-o', label: 'tabs.institutions' },
    { name: 'inspector-problems', icon: 'warning-o', label: 'tabs.problems' },
    me,
  ],
  INSTITUTION: [
    { name: 'institution-home', icon: 'notes-o', label: 'tabs.report' },
    { name: 'institution-receive', icon: 'logistics', label: 'tabs.toReceive' },
    { name: 'institution-problems', icon: 'warning-o', label: 'tabs.rectification' },
    me,
  ],
  CARE_OFFICER: [
    { name: 'care-home', icon: 'like-o', label: 'tabs.care' },
    { name: 'care-staff', icon: 'friends-o', label: 'tabs.staff' },
    me,
  ],
}

/** The route a role lands on after login. */
export function homeRouteName(role: Role): string {
  return roleTabs[role][0].name
}

/** Whether a role may open the route with this name (a tab's name, see `tabOf`). */
export function canOpen(role: Role, routeName: RouteRecordNameGeneric): boolean {
  return roleTabs[role].some((tab) => tab.name === routeName)
}

/**
 * The tab a route belongs to for a role: its own name for a tab, `meta.tab` for a page opened
 * from one (a donation's detail belongs to the donation list). A page several roles open from
 * their own tabs (confirming receipt) lists them all and belongs to the one this role has.
 * Access and the highlighted tab follow it.
 */
export function tabOf(route: Pick<RouteLocationNormalizedGeneric, 'name' | 'meta'>, role: Role): RouteRecordNameGeneric {
  const tab = route.meta.tab
  if (tab === undefined) return route.name
  if (typeof tab === 'string') return tab
  return tab.find((name) => canOpen(role, name))
}
