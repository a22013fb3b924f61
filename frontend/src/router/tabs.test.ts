import { describe, expect, it } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import { roles } from '../graphql/schema'
import { routes } from './routes'
import { canOpen, homeRouteName, roleTabs, tabOf } from './tabs'

function flatten(records: RouteRecordRaw[]): RouteRecordRaw[] {
  return records.flatMap((record) => [record, ...flatten(record.children ?? [])])
}

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
    expect(roleTabs.VILLAGE_COMMITTEE.map((tab) => tab.name)).toEqual(['village-home', 'village-care', 'me'])
    expect(canOpen('VILLAGE_COMMITTEE', 'charity-home')).toBe(false)
    expect(canOpen('VILLAGE_COMMITTEE', undefined)).toBe(false)
  })

  it('give each page opened from a tab the tab of exactly one role', () => {
    const pages = flatten(routes).filter((record) => record.meta?.tab)
    expect(pages.length).toBeGreaterThan(0)
    for (const page of pages) {
      const owners = roles.filter((role) => canOpen(role, page.meta!.tab))
      expect(owners, String(page.name)).toHaveLength(1)
    }
  })

  it('keep control, duty and care screens to the roles that use them', () => {
    expect(canOpen('INSTITUTION', 'institution-problems')).toBe(true)
    expect(canOpen('INSPECTOR', tabOf({ name: 'inspection-new', meta: { tab: 'inspector-home' } }))).toBe(true)
    expect(canOpen('INSTITUTION', 'inspector-problems')).toBe(false)
    expect(canOpen('BUREAU', 'bureau-duty')).toBe(true)
    expect(canOpen('BUREAU', 'care-staff')).toBe(false)
    expect(canOpen('CARE_OFFICER', tabOf({ name: 'staff-care', meta: { tab: 'care-staff' } }))).toBe(true)
    expect(canOpen('CHARITY_OFFICE', 'bureau-care')).toBe(false)
  })

  it('keep relief and enterprises to the bureau and one-to-one care to the village', () => {
    expect(canOpen('BUREAU', tabOf({ name: 'bureau-enterprise', meta: { tab: 'bureau-relief' } }))).toBe(true)
    expect(canOpen('VILLAGE_COMMITTEE', 'bureau-relief')).toBe(false)
    expect(canOpen('VILLAGE_COMMITTEE', tabOf({ name: 'village-care-new', meta: { tab: 'village-care' } }))).toBe(true)
    expect(canOpen('BUREAU', 'village-care')).toBe(false)
  })
})
