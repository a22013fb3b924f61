import { describe, expect, it } from 'vitest'
import { nodeOf, nodes } from './tada'

describe('nodes', () => {
  it('keeps the nodes that are there, in order, and none of a missing connection', () => {
    expect(nodes({ edges: [{ node: 'a' }, null, { node: null }, { node: 'b' }] })).toEqual(['a', 'b'])
    expect(nodes({ edges: null })).toEqual([])
    expect(nodes(undefined)).toEqual([])
  })
})

describe('nodeOf', () => {
  type Answer = { __typename: 'Donation'; id: string } | { __typename?: 'Staff' }

  it('gives the node only when it is of the type asked for', () => {
    const donation: Answer = { __typename: 'Donation', id: '7' }
    expect(nodeOf<Answer, 'Donation'>(donation, 'Donation')).toBe(donation)
    expect(nodeOf<Answer, 'Donation'>({ __typename: 'Staff' }, 'Donation')).toBeNull()
    expect(nodeOf<Answer, 'Donation'>({}, 'Donation')).toBeNull()
    expect(nodeOf<Answer, 'Donation'>(null, 'Donation')).toBeNull()
  })
})
