import { describe, expect, expectTypeOf, it } from 'vitest'
import { roles, type Role } from './schema'

describe('roles', () => {
  it('lists every role of the schema once', () => {
    // Checked by the typecheck: a role the schema gains and `roles` lacks fails it.
    expectTypeOf<(typeof roles)[number]>().toEqualTypeOf<Role>()
    expect(new Set(roles).size).toBe(roles.length)
  })
})
