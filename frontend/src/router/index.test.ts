import { describe, expect, it } from 'vitest'
import { afterLogin } from '.'

describe('afterLogin', () => {
  it('goes back to the page of this app that asked for the login', () => {
    expect(afterLogin('CHARITY_OFFICE', '/me')).toBe('/me')
  })

  it('never leaves for another site, and otherwise lands on the role home', () => {
    for (const redirect of ['//evil.example', '/\\evil.example', 'https://evil.example', null, undefined, ['/me']]) {
      expect(afterLogin('VILLAGE_COMMITTEE', redirect)).toEqual({ name: 'village-home' })
    }
  })
})
