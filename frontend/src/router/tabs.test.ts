import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router'
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
    expect(tabOf(detail, 'CHARITY_OFFICE')).toBe('charity-home')
    expect(canOpen('CHARITY_OFFICE', tabOf(detail, 'CHARITY_OFFICE'))).toBe(true)
    expect(canOpen('VILLAGE_COMMITTEE', tabOf(detail, 'VILLAGE_COMMITTEE'))).toBe(false)
    expect(tabOf({ name: 'me', meta: {} }, 'CHARITY_OFFICE')).toBe('me')
  })

  it('keep the village committee to what a village needs', () => {
    expect(roleTabs.VILLAGE_COMMITTEE.map((tab) => tab.name)).toEqual(['village-home', 'village-history', 'village-care', 'me'])
    expect(canOpen('VILLAGE_COMMITTEE', 'charity-home')).toBe(false)
    expect(canOpen('VILLAGE_COMMITTEE', undefined)).toBe(false)
  })

  it('give each page opened from a tab one tab for each role that opens it', () => {
    const pages = flatten(routes).flatMap((record) => (record.meta?.tab ? [{ name: record.name, tab: record.meta.tab }] : []))
    expect(pages.length).toBeGreaterThan(0)
    for (const page of pages) {
      const tabs = [page.tab].flat()
      const owners = roles.filter((role) => tabs.some((tab) => canOpen(role, tab)))
      expect(owners, String(page.name)).toHaveLength(tabs.length)
      for (const role of owners) expect(tabs.filter((tab) => canOpen(role, tab)), String(page.name)).toHaveLength(1)
    }
  })

  it('let village committees and institutions, and nobody else, confirm what they receive', () => {
    expect(roleTabs.INSTITUTION.map((tab) => tab.name)).toEqual(['institution-home', 'institution-receive', 'institution-problems', 'me'])
    const page = flatten(routes).find((record) => record.name === 'allocation')
    expect(page?.meta).toBeDefined()
    const confirm = { name: page?.name, meta: page?.meta ?? {} }
    const signers = roles.filter((role) => canOpen(role, tabOf(confirm, role)))
    expect(signers).toEqual(['VILLAGE_COMMITTEE', 'INSTITUTION'])
    expect(tabOf(confirm, 'VILLAGE_COMMITTEE')).toBe('village-home')
    expect(tabOf(confirm, 'INSTITUTION')).toBe('institution-receive')
    expect(tabOf(confirm, 'CHARITY_OFFICE')).toBeUndefined()
    expect(canOpen('INSPECTOR', 'institution-receive')).toBe(false)
  })

  it('keep the confirm address on sheets printed earlier leading to the confirm page', () => {
    const router = createRouter({ history: createMemoryHistory(), routes })
    const old = router.resolve('/village/allocations/7')
    const redirect = old.matched.at(-1)?.redirect as (to: typeof old) => RouteLocationRaw
    const target = router.resolve(redirect(old))
    expect(target.name).toBe('allocation')
    expect(target.fullPath).toBe('/allocations/7')
  })

  it('keep control, duty and care screens to the roles that use them', () => {
    expect(canOpen('INSTITUTION', 'institution-problems')).toBe(true)
    expect(canOpen('INSPECTOR', tabOf({ name: 'inspection-new', meta: { tab: 'inspector-home' } }, 'INSPECTOR'))).toBe(true)
    expect(canOpen('INSTITUTION', 'inspector-problems')).toBe(false)
    expect(canOpen('BUREAU', 'bureau-duty')).toBe(true)
    expect(canOpen('BUREAU', 'care-staff')).toBe(false)
    expect(canOpen('CARE_OFFICER', tabOf({ name: 'staff-care', meta: { tab: 'care-staff' } }, 'CARE_OFFICER'))).toBe(true)
    expect(canOpen('CHARITY_OFFICE', 'bureau-care')).toBe(false)
  })

  it('keep relief and enterprises to the bureau and one-to-one care to the village', () => {
    expect(canOpen('BUREAU', tabOf({ name: 'bureau-enterprise', meta: { tab: 'bureau-relief' } }, 'BUREAU'))).toBe(true)
    expect(canOpen('VILLAGE_COMMITTEE', 'bureau-relief')).toBe(false)
    expect(canOpen('VILLAGE_COMMITTEE', tabOf({ name: 'village-care-new', meta: { tab: 'village-care' } }, 'VILLAGE_COMMITTEE'))).toBe(true)
    expect(canOpen('BUREAU', 'village-care')).toBe(false)
  })
})
