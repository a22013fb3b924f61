import 'fake-indexeddb/auto'
import { CombinedError } from '@urql/core'
import { createStore, values } from 'idb-keyval'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConfirmReceiptInput } from '../graphql/receipt'
import { createOfflineQueue, type OfflineQueueOptions } from './useOfflineQueue'

const networkDown = () => new CombinedError({ networkError: new TypeError('Failed to fetch') })
const refused = (code: string) =>
  new CombinedError({ graphQLErrors: [{ message: 'already confirmed', extensions: { code } }] })

/** A fake server: remembers every input it was sent and answers with what the test queued up, then OK. */
function fakeServer() {
  const sent: ConfirmReceiptInput[] = []
  const answers: (CombinedError | undefined)[] = []
  const send: OfflineQueueOptions['send'] = async (input) => {
    sent.push(input)
    return answers.shift()
  }
  return { sent, answers, send }
}

let storeNumber = 0
let store: ReturnType<typeof createStore>

beforeEach(() => {
  store = createStore(`queue-test-${++storeNumber}`, 'receipts')
})

describe('the offline receipt queue', () => {
  it('sends at once when online and keeps nothing', async () => {
    const server = fakeServer()
    const queue = createOfflineQueue({ send: server.send, currentUser: () => 'u1', online: () => true, store })
    const outcome = await queue.submit({ allocationID: 'a1' }, '84消毒液 23.438 千克')
    expect(outcome).toEqual({ status: 'sent' })
    expect(server.sent).toHaveLength(1)
    expect(server.sent[0].idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(queue.pending.value).toEqual([])
    expect(await values(store)).toEqual([])
  })

  it('does not even try while the phone says it is offline, and sends later with the same key', async () => {
    const server = fakeServer()
    let online = false
    const queue = createOfflineQueue({ send: server.send, currentUser: () => 'u1', online: () => online, store })
    expect(await queue.submit({ allocationID: 'a1', receivedQuantity: '20' }, 'x')).toEqual({ status: 'waiting' })
    expect(server.sent).toEqual([])
    const [kept] = await values(store)
    expect(kept.input).toMatchObject({ allocationID: 'a1', receivedQuantity: '20' })

    online = true
    await queue.flush()
    expect(server.sent).toEqual([kept.input])
    expect(queue.pending.value).toEqual([])
  })

  it('keeps a confirmation whose request failed on the network and retries it with the same key', async () => {
    const server = fakeServer()
    server.answers.push(networkDown(), networkDown())
    const queue = createOfflineQueue({ send: server.send, currentUser: () => 'u1', online: () => true, store })
    expect(await queue.submit({ allocationID: 'a1' }, 'x')).toEqual({ status: 'waiting' })
    await queue.flush()
    await queue.flush()
    expect(server.sent).toHaveLength(3)
    expect(new Set(server.sent.map((input) => input.idempotencyKey)).size).toBe(1)
    expect(queue.pending.value).toEqual([])
  })

  it('drops a confirmation the server refuses and reports why', async () => {
    const server = fakeServer()
    server.answers.push(refused('CONFLICT'))
    const queue = createOfflineQueue({ send: server.send, currentUser: () => 'u1', online: () => true, store })
    const outcome = await queue.submit({ allocationID: 'a1' }, 'x')
    expect(outcome.status).toBe('failed')
    expect(outcome.status === 'failed' && outcome.error.graphQLErrors[0].extensions.code).toBe('CONFLICT')
    expect(await values(store)).toEqual([])
    expect(queue.failures.value).toEqual([])
  })

  it('keeps a confirmation the server could not store while its database was away, and retries it with the same key', async () => {
    const server = fakeServer()
    server.answers.push(refused('UNAVAILABLE'))
    const queue = createOfflineQueue({ send: server.send, currentUser: () => 'u1', online: () => true, store })
    expect(await queue.submit({ allocationID: 'a1' }, 'x')).toEqual({ status: 'waiting' })
    expect(await values(store)).toHaveLength(1)
    expect(queue.failures.value).toEqual([])
    await queue.flush()
    expect(server.sent).toHaveLength(2)
    expect(server.sent[1].idempotencyKey).toBe(server.sent[0].idempotencyKey)
    expect(queue.pending.value).toEqual([])
  })

  it('keeps a confirmation when the token has run out, to send after the next login', async () => {
    const server = fakeServer()
    server.answers.push(refused('UNAUTHENTICATED'))
    const queue = createOfflineQueue({ send: server.send, currentUser: () => 'u1', online: () => true, store })
    expect(await queue.submit({ allocationID: 'a1' }, 'x')).toEqual({ status: 'waiting' })
    expect(await values(store)).toHaveLength(1)
  })

  it('survives a reload, sends oldest first, and reports background refusals', async () => {
    const first = fakeServer()
    const before = createOfflineQueue({ send: first.send, currentUser: () => 'u1', online: () => false, store })
    await before.submit({ allocationID: 'a1' }, 'first')
    await before.submit({ allocationID: 'a2' }, 'second')

    const server = fakeServer()
    server.answers.push(undefined, refused('BAD_USER_INPUT'))
    const after = createOfflineQueue({ send: server.send, currentUser: () => 'u1', online: () => true, store })
    await after.load()
    expect(after.pending.value.map((receipt) => receipt.label)).toEqual(['first', 'second'])
    await after.flush()
    expect(server.sent.map((input) => input.allocationID)).toEqual(['a1', 'a2'])
    expect(after.pending.value).toEqual([])
    expect(after.failures.value.map((failure) => failure.receipt.label)).toEqual(['second'])
  })

  it("sends only the logged-in user's confirmations", async () => {
    const server = fakeServer()
    let user = 'u1'
    let online = false
    const queue = createOfflineQueue({ send: server.send, currentUser: () => user, online: () => online, store })
    await queue.submit({ allocationID: 'a1' }, 'x')
    user = 'u2'
    online = true
    await queue.flush()
    expect(server.sent).toEqual([])
    expect(queue.pending.value).toHaveLength(1)
  })

  it('tells how far a round of sending got, one confirmation after another', async () => {
    const seen: ({ done: number; total: number } | null)[] = []
    let online = false
    const queue = createOfflineQueue({
      send: async () => {
        seen.push(queue.sending.value)
        return undefined
      },
      currentUser: () => 'u1',
      online: () => online,
      store,
    })
    await queue.submit({ allocationID: 'a1' }, 'x')
    await queue.submit({ allocationID: 'a2' }, 'y')
    online = true
    await queue.flush()
    expect(seen).toEqual([
      { done: 0, total: 2 },
      { done: 1, total: 2 },
    ])
    expect(queue.sending.value).toBeNull()
  })

  describe('with a backoff timer', () => {
    beforeEach(() => {
      // Only the queue's own timer: fake-indexeddb schedules its work with setImmediate.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    })
    afterEach(() => {
      vi.useRealTimers()
    })

    it('tries again after each wait while the network fails, and stops once sent', async () => {
      const server = fakeServer()
      server.answers.push(networkDown(), networkDown())
      const queue = createOfflineQueue({ send: server.send, currentUser: () => 'u1', online: () => true, store, backoffMs: [1_000, 4_000] })
      expect(await queue.submit({ allocationID: 'a1' }, 'x')).toEqual({ status: 'waiting' })
      expect(server.sent).toHaveLength(1)

      await vi.advanceTimersByTimeAsync(999)
      expect(server.sent).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(server.sent).toHaveLength(2)
      await vi.advanceTimersByTimeAsync(4_000)
      expect(server.sent).toHaveLength(3)
      await vi.waitFor(() => expect(queue.pending.value).toEqual([]))

      await vi.advanceTimersByTimeAsync(60_000)
      expect(server.sent).toHaveLength(3)
      expect(new Set(server.sent.map((input) => input.idempotencyKey)).size).toBe(1)
    })
  })
})
