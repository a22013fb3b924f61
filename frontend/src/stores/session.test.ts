import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, watchEffect } from 'vue'
import type { AuthPayload } from '../graphql/schema'

const payload: AuthPayload = {
  token: 'header.claims.signature',
  expiresAt: '2020-03-17T12:00:00Z',
  viewer: {
    id: '1',
    username: 'charity',
    displayName: '慈善办',
    role: 'CHARITY_OFFICE',
    scopeName: null,
  },
}
const expiresAt = Date.parse(payload.expiresAt)

/** A fresh copy of the store, as after a page reload. */
async function reload() {
  vi.resetModules()
  return import('./session')
}

beforeEach(() => localStorage.clear())

describe('isExpired', () => {
  it('is false until the margin before expiry, true from then on', async () => {
    const { isExpired, expiryMarginMs } = await reload()
    expect(isExpired(payload, expiresAt - expiryMarginMs - 1)).toBe(false)
    expect(isExpired(payload, expiresAt - expiryMarginMs)).toBe(true)
    expect(isExpired(payload, expiresAt + 1)).toBe(true)
  })

  it('treats an unreadable expiry as expired', async () => {
    const { isExpired } = await reload()
    expect(isExpired({ expiresAt: 'tomorrow' }, 0)).toBe(true)
  })
})

describe('session store', () => {
  it('is remembered across a reload while the token is valid', async () => {
    ;(await reload()).signIn(payload)
    const store = await reload()
    expect(store.activeSession(expiresAt - 3_600_000)).toEqual(payload)
    expect(store.viewer.value?.username).toBe('charity')
  })

  it('is dropped, also from storage, once the token has expired', async () => {
    ;(await reload()).signIn(payload)
    const store = await reload()
    expect(store.activeSession(expiresAt)).toBeNull()
    expect(store.viewer.value).toBeNull()
    expect(localStorage.length).toBe(0)
  })

  it('ignores a corrupted or foreign entry', async () => {
    localStorage.setItem('mzdesk.session', '{not json')
    expect((await reload()).activeSession(0)).toBeNull()
    localStorage.setItem('mzdesk.session', JSON.stringify({ ...payload, viewer: { ...payload.viewer, role: 'ROOT' } }))
    expect((await reload()).activeSession(0)).toBeNull()
  })

  it('keeps the token when the viewer is refreshed, and forgets everything on sign-out', async () => {
    const store = await reload()
    store.signIn(payload)
    store.updateViewer({ ...payload.viewer, scopeName: '常德市' })
    expect(store.activeSession(0)?.token).toBe(payload.token)
    expect((await reload()).viewer.value?.scopeName).toBe('常德市')

    store.signOut()
    expect(store.activeSession(0)).toBeNull()
    expect((await reload()).activeSession(0)).toBeNull()
  })

  it('does not make a request effect depend on it, so a query is not sent again on every change', async () => {
    const store = await reload()
    store.signIn(payload)
    let runs = 0
    watchEffect(() => {
      store.activeSession(0)
      runs++
    })
    store.updateViewer({ ...payload.viewer, scopeName: '常德市' })
    store.signOut()
    await nextTick()
    expect(runs).toBe(1)
  })
})
