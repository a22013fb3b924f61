import type { AnyVariables, CombinedError, TypedDocumentNode } from '@urql/core'
import { useQuery } from '@urql/vue'
import { createStore, get, set, type UseStore } from 'idb-keyval'
import { computed, ref, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { viewer } from '../stores/session'

/*
 * The last answer of a query, kept on the phone (IndexedDB) under the user who saw it, so a
 * village with no signal still opens its list of what is to be signed, and each delivery on it,
 * marked with when it was fetched. Only answers the same user fetched are shown back: a phone
 * passed to the next committee member shows them nothing of the previous one's.
 */

/** An answer as kept on the phone, with when it came from the server. */
export interface Cached<T> {
  data: T
  fetchedAt: string
}

let defaultStore: UseStore | undefined
/** Its own database: the offline queue's database already exists at version 1 with one store. */
function cacheStore(): UseStore {
  defaultStore ??= createStore('mzdesk-cache', 'answers')
  return defaultStore
}

function keyOf(userID: string, key: string): string {
  return `${userID}:${key}`
}

/** Keeps an answer for this user under `key` (a plain copy: IndexedDB cannot store Vue's proxies). */
export async function keepAnswer<T>(userID: string, key: string, data: T, store = cacheStore()): Promise<void> {
  const entry: Cached<T> = { data: JSON.parse(JSON.stringify(data)), fetchedAt: new Date().toISOString() }
  await set(keyOf(userID, key), entry, store)
}

/** The answer kept for this user under `key`, or undefined. */
export async function keptAnswer<T>(userID: string, key: string, store = cacheStore()): Promise<Cached<T> | undefined> {
  return get<Cached<T>>(keyOf(userID, key), store)
}

export interface CachedQuery<T> {
  /** The fresh answer, or else the kept one. */
  data: ComputedRef<T | undefined>
  /** When the shown answer was fetched, if it is a kept one (the fresh one could not be had). */
  staleSince: ComputedRef<string | null>
  fetching: Ref<boolean>
  error: ComputedRef<CombinedError | undefined>
  /** Asks the server again (never a cached document), resolving when the answer is in. */
  refresh(): Promise<void>
}

/**
 * useQuery with the answer kept on the phone under `key`. While the server cannot be reached,
 * the kept answer stands in, and `error` stays quiet about it: the screen shows what it had
 * and `staleSince` says how old that is.
 */
export function useCachedQuery<T, V extends AnyVariables>(options: {
  query: TypedDocumentNode<T, V>
  variables?: Ref<V> | ComputedRef<V>
  key: () => string
  /** Called with each fresh answer, to keep more from it (a list seeds its items' own pages). */
  onFresh?: (data: T, userID: string) => Promise<void> | void
}): CachedQuery<T> {
  const result = useQuery<T, V>({
    query: options.query,
    variables: options.variables as Ref<V>,
    requestPolicy: 'network-only',
  } as Parameters<typeof useQuery<T, V>>[0])
  const kept: ShallowRef<Cached<T> | undefined> = shallowRef()
  const loadedKey = ref('')

  async function loadKept(): Promise<void> {
    const user = viewer.value?.id
    const key = options.key()
    if (!user) return
    const entry = await keptAnswer<T>(user, key)
    if (options.key() === key) {
      kept.value = entry
      loadedKey.value = key
    }
  }
  watch(() => [options.key(), viewer.value?.id], () => void loadKept(), { immediate: true })

  watch(
    () => result.data.value,
    async (data) => {
      const user = viewer.value?.id
      if (!data || !user || result.error.value) return
      await keepAnswer(user, options.key(), data)
      await options.onFresh?.(data, user)
    },
  )

  /** Whether the failure is the network's: then the kept answer is shown instead of the error. */
  const offline = computed(() => {
    const error = result.error.value
    return !!error && !!error.networkError
  })
  const showKept = computed(() => !result.data.value && offline.value && loadedKey.value === options.key() && !!kept.value)
  return {
    data: computed(() => result.data.value ?? (showKept.value ? kept.value?.data : undefined)),
    staleSince: computed(() => (showKept.value ? (kept.value?.fetchedAt ?? null) : null)),
    fetching: result.fetching,
    error: computed(() => (showKept.value ? undefined : result.error.value)),
    async refresh() {
      await result.executeQuery({ requestPolicy: 'network-only' })
    },
  }
}
