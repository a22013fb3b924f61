import type { Client, CombinedError } from '@urql/core'
import { createStore, del, set, values, type UseStore } from 'idb-keyval'
import { shallowRef, type ShallowRef } from 'vue'
import { ConfirmReceiptMutation, type ConfirmReceiptInput } from '../graphql/receipt'
import { activeSession } from '../stores/session'
import { errorCode } from './useErrorMessage'

/*
 * Receipt confirmations that survive a village with no signal. A confirmation is written to
 * IndexedDB with its idempotency key BEFORE it is first sent, and leaves only when the server
 * answered it; so a phone that loses the network (or is closed) halfway sends it again later
 * with the same key, and the server counts it once.
 */

/** One confirmation as kept on the phone. */
export interface QueuedReceipt {
  /** The mutation input, idempotencyKey included: chosen once, reused on every retry. */
  input: ConfirmReceiptInput
  /** Who confirmed. It is sent only with that user's token, never another's who logs in later on the same phone. */
  userID: string
  /** What was confirmed, in words, for the list of waiting confirmations when the server cannot be asked. */
  label: string
  queuedAt: string
}

/** What became of a confirmation: accepted, kept to send later, or refused by the server. */
export type Outcome = { status: 'sent' } | { status: 'waiting' } | { status: 'failed'; error: CombinedError }

export interface OfflineQueueOptions {
  /** Sends one confirmation; resolves to the error, or undefined when the server accepted it. */
  send: (input: ConfirmReceiptInput) => Promise<CombinedError | undefined>
  /** The logged-in user's id, or null. */
  currentUser: () => string | null
  online?: () => boolean
  store?: UseStore
  /**
   * Waits before each further try while the user's confirmations are still waiting (the last
   * one repeats); none retries only on the events the app listens for.
   */
  backoffMs?: readonly number[]
}

export interface OfflineQueue {
  /** Confirmations not yet accepted by the server, oldest first (all users'; filter by userID to show). */
  pending: ShallowRef<QueuedReceipt[]>
  /** Confirmations the server refused while being sent in the background, for the screens to show. */
  failures: ShallowRef<{ receipt: QueuedReceipt; error: CombinedError }[]>
  /** While confirmations are on their way: how many of this round were sent, of how many. */
  sending: ShallowRef<{ done: number; total: number } | null>
  /** Reads what an earlier visit left in the queue. */
  load(): Promise<void>
  /** Keeps a new confirmation (with a fresh idempotency key) and tries to send it right away. */
  submit(input: Omit<ConfirmReceiptInput, 'idempotencyKey'>, label: string): Promise<Outcome>
  /** Sends the current user's waiting confirmations, oldest first, until the network fails. */
  flush(): Promise<void>
}

/**
 * An error that means "try again later" rather than "no": no answer came (the network is down
 * or a proxy failed), the server could not reach its database (UNAVAILABLE, a 503; had it
 * stored the confirmation all the same, the retry's key gets that receipt back), or the token
 * ran out and the session is being renewed through the login page. Any other answer is final
 * and drops the confirmation from the queue.
 */
function isRetryable(error: CombinedError): boolean {
  const code = errorCode(error)
  return code === 'NETWORK' || code === 'UNAVAILABLE' || code === 'UNAUTHENTICATED'
}

/** A random version-4 UUID; crypto.randomUUID exists only on https and localhost, the fallback everywhere. */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function createOfflineQueue(options: OfflineQueueOptions): OfflineQueue {
  const store = options.store ?? createStore('mzdesk', 'receipts')
  const online = options.online ?? (() => navigator.onLine)
  const pending = shallowRef<QueuedReceipt[]>([])
  const failures = shallowRef<{ receipt: QueuedReceipt; error: CombinedError }[]>([])
  const sending = shallowRef<{ done: number; total: number } | null>(null)
  const backoff = options.backoffMs ?? []
  let retries = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let last: Promise<void> = Promise.resolve()
  /** The newest queuedAt in milliseconds: each new one is later, so two taps in one millisecond keep their order. */
  let newest = 0

  async function remove(receipt: QueuedReceipt): Promise<void> {
    const key = receipt.input.idempotencyKey
    await del(key, store)
    pending.value = pending.value.filter((other) => other.input.idempotencyKey !== key)
  }

  /** Sends in order; stops at the first failure that says the network is down, since the rest would fail the same way. */
  async function drain(): Promise<void> {
    const tried = new Set<string>()
    const mine = () => pending.value.filter((receipt) => receipt.userID === options.currentUser())
    const total = mine().length
    try {
      for (;;) {
        const next = mine().find((receipt) => !tried.has(receipt.input.idempotencyKey))
        if (!next || !online()) return
        sending.value = { done: tried.size, total }
        tried.add(next.input.idempotencyKey)
        const error = await options.send(next.input)
        if (error && isRetryable(error)) return
        await remove(next)
        if (error) failures.value = [...failures.value, { receipt: next, error }]
      }
    } finally {
      sending.value = null
      retryLater(mine().length > 0)
    }
  }

  /** Arms the next try after a round that left confirmations waiting; a round that emptied the queue starts the backoff afresh. */
  function retryLater(waiting: boolean): void {
    clearTimeout(timer)
    timer = undefined
    if (!waiting) {
      retries = 0
      return
    }
    if (backoff.length === 0) return
    const delay = backoff[Math.min(retries, backoff.length - 1)]
    retries++
    timer = setTimeout(() => void flush(), delay)
  }

  /** Drains one after another, never two at once, so no confirmation is in flight twice from this phone. */
  function flush(): Promise<void> {
    last = last.catch(() => undefined).then(drain)
    return last
  }

  async function load(): Promise<void> {
    const stored = await values<QueuedReceipt>(store)
    pending.value = stored.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))
    newest = Math.max(newest, ...stored.map((receipt) => Date.parse(receipt.queuedAt)))
  }

  async function submit(input: Omit<ConfirmReceiptInput, 'idempotencyKey'>, label: string): Promise<Outcome> {
    const userID = options.currentUser()
    if (!userID) throw new Error('a receipt is confirmed by a logged-in user')
    newest = Math.max(Date.now(), newest + 1)
    // A plain copy: IndexedDB cannot store Vue's reactive proxies.
    const receipt: QueuedReceipt = JSON.parse(
      JSON.stringify({ input: { ...input, idempotencyKey: newKey() }, userID, label, queuedAt: new Date(newest).toISOString() }),
    )
    const key = receipt.input.idempotencyKey
    await set(key, receipt, store)
    pending.value = [...pending.value, receipt]
    await flush()
    const failure = failures.value.find((entry) => entry.receipt.input.idempotencyKey === key)
    if (failure) {
      failures.value = failures.value.filter((entry) => entry !== failure)
      return { status: 'failed', error: failure.error }
    }
    return pending.value.some((other) => other.input.idempotencyKey === key) ? { status: 'waiting' } : { status: 'sent' }
  }

  return { pending, failures, sending, load, submit, flush }
}

let shared: OfflineQueue | undefined

/** How long the app waits between tries while confirmations wait: soon at first, then every 5 minutes. */
export const retryBackoffMs = [5_000, 15_000, 30_000, 60_000, 120_000, 300_000] as const

/**
 * Starts the app's queue on the app's GraphQL client: it sends what an earlier visit left
 * behind as soon as the app opens online, and again whenever the phone comes back online, the
 * app comes back to the screen (a phone often misses the online event while asleep), or the
 * backoff timer fires.
 */
export function startOfflineQueue(client: Client): OfflineQueue {
  const queue = createOfflineQueue({
    send: async (input) => (await client.mutation(ConfirmReceiptMutation, { input }).toPromise()).error,
    currentUser: () => activeSession()?.viewer.id ?? null,
    backoffMs: retryBackoffMs,
  })
  shared = queue
  window.addEventListener('online', () => void queue.flush())
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void queue.flush()
  })
  void queue.load().then(queue.flush)
  return queue
}

/** The app's queue (started in main.ts). */
export function useOfflineQueue(): OfflineQueue {
  if (!shared) throw new Error('startOfflineQueue has not run')
  return shared
}
