import { Client, createRequest, makeResult, type Operation } from '@urql/core'
import { parse } from 'graphql'
import { describe, expect, it } from 'vitest'
import { filter, map, pipe, subscribe, tap } from 'wonka'
import { paintedExchange } from './painted'

const trail = parse('query DonationTrail($id: ID!) { donationTrail(id: $id) { id } }')

describe('the painted answers exchange', () => {
  it('answers the painted query at once, without the network, and sends the rest on', () => {
    const sent: string[] = []
    const painted = new Map([['7', { donationTrail: { id: '7' } }]])
    const client = new Client({
      url: '/graphql',
      exchanges: [
        paintedExchange((operation: Operation) => {
          const id = String(operation.variables?.id)
          const data = painted.get(id)
          painted.delete(id)
          return data
        }),
        // The network: it notes what reaches it and never answers.
        () => (operations$) =>
          pipe(
            operations$,
            tap((operation) => {
              if (operation.kind !== 'teardown') sent.push(String(operation.variables?.id))
            }),
            filter(() => false),
            map((operation) => makeResult(operation, {})),
          ),
      ],
    })
    let data: unknown
    pipe(
      client.executeRequestOperation(client.createRequestOperation('query', createRequest(trail, { id: '7' }))),
      subscribe((result) => (data = result.data)),
    )
    // Synchronously: the screen mounts with it, no skeleton in between.
    expect(data).toEqual({ donationTrail: { id: '7' } })
    pipe(
      client.executeRequestOperation(client.createRequestOperation('query', createRequest(trail, { id: '8' }))),
      subscribe(() => undefined),
    )
    expect(sent).toEqual(['8'])
  })
})
