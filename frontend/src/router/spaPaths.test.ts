import { describe, expect, it } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import { routes } from './routes'
import { appNavigation } from './spaPaths'

function paths(records: RouteRecordRaw[], prefix = ''): string[] {
  return records.flatMap((record) => {
    const path = record.path.startsWith('/') ? record.path : `${prefix}/${record.path}`.replace(/\/+/g, '/')
    return [path, ...paths(record.children ?? [], path)]
  })
}

describe('the service worker’s navigations', () => {
  it('cover every screen of the app, so each opens offline', () => {
    const screens = paths(routes).filter((path) => !path.includes('*'))
    for (const path of screens) expect(path.replace(/:\w+/g, '7')).toMatch(appNavigation)
  })

  it('leave the server’s own pages to the server', () => {
    for (const path of ['/certificates/7', '/donations/7/sheet', '/donations/7/export.csv', '/donations/7/export.xlsx', '/playground', '/graphql', '/caretaker']) {
      expect(path).not.toMatch(appNavigation)
    }
  })
})
