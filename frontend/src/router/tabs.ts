import type { RouteRecordNameGeneric } from 'vue-router'
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
  BUREAU: [home('bureau-home'), me],
  CHARITY_OFFICE: [home('charity-home'), me],
  VILLAGE_COMMITTEE: [home('village-home'), me],
  INSPECTOR: [home('inspector-home'), me],
  INSTITUTION: [home('institution-home'), me],
  CARE_OFFICER: [home('care-home'), me],
}

/** The route a role lands on after login. */
export function homeRouteName(role: Role): string {
  return roleTabs[role][0].name
}

/** Whether a role may open the route with this name. */
export function canOpen(role: Role, routeName: RouteRecordNameGeneric): boolean {
  return roleTabs[role].some((tab) => tab.name === routeName)
}
