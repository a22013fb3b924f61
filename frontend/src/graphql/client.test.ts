import { describe, expect, it, vi } from 'vitest'
import { sha256 } from './client'

describe('sha256', () => {
  it('hashes a document as the server lists it: hex SHA-256 of its text', async () => {
    expect(await sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('gives no hash where the browser has no Web Crypto, so the query goes whole', async () => {
    vi.stubGlobal('crypto', {})
    try {
      expect(await sha256('abc')).toBeUndefined()
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
