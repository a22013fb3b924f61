import { describe, expect, it } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import { roles } from '../graphql/schema'
import { routes } from './routes'
import { canOpen, homeRouteName, roleTabs, tabOf } from './tabs'

function routeNames(records: RouteRecordRaw[]): string[] {
  return records.flatMap((record) => [
    ...(typeof record.name === 'string' ? [record.name] : []),
    ...routeNames(record.children ?? []),
  ])
}

describe('role tabs', () => {
  it('give every role its own home first and "me" last', () => {
    const homes = roles.map(homeRouteName)
    expect(new Set(homes).size).toBe(roles.length)
    for (const role of roles) {
      const tabs = roleTabs[role]
      expect(tabs[0].name).toMatch(/-home$/)
      expect(tabs.at(-1)?.name).toBe('me')
    }
  })

  it('name routes that exist, each once per role', () => {
    const known = new Set(routeNames(routes))
    for (const role of roles) {
      const names = roleTabs[role].map((tab) => tab.name)
      expect(new Set(names).size).toBe(names.length)
      for (const name of names) expect(known).toContain(name)
    }
  })

  it('let a role open its own tabs and no other role home', () => {
    for (const role of roles) {
      expect(canOpen(role, homeRouteName(role))).toBe(true)
      expect(canOpen(role, 'me')).toBe(true)
      for (const other of roles) {
        if (other !== role) expect(canOpen(role, homeRouteName(other))).toBe(false)
      }
    }
  })

  it('let a page opened from a tab be opened by the roles that have the tab', () => {
    const detail = { name: 'donation-detail', meta: { tab: 'charity-home' } }
    expect(tabOf(detail)).toBe('charity-home')
    expect(canOpen('CHARITY_OFFICE', tabOf(detail))).toBe(true)
    expect(canOpen('VILLAGE_COMMITTEE', tabOf(detail))).toBe(false)
    expect(tabOf({ name: 'me', meta: {} })).toBe('me')
  })

  it('keep the village committee to what a village needs', () => {
    expect(roleTabs.VILLAGE_COMMITTEE.map((tab) => tab.name)).toEqual(['village-home', 'me'])
    expect(canOpen('VILLAGE_COMMITTEE', 'charity-home')).toBe(false)
    expect(canOpen('VILLAGE_COMMITTEE', undefined)).toBe(false)
  })
})
