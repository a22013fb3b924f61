import { Client, fetchExchange, mapExchange } from '@urql/core'
import { persistedExchange } from '@urql/exchange-persisted'
import { errorCode } from '../composables/useErrorMessage'
import { takeAnswer } from '../shell'
import { activeSession } from '../stores/session'
import { paintedExchange } from './painted'

/**
 * The GraphQL client. It keeps no document cache, so nothing one user saw can show up for the
 * next user of the same phone. `onUnauthenticated` runs whenever the server refuses the token.
 */
export function createGraphQLClient(onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: () => {
      const session = activeSession()
      return session ? { headers: { Authorization: `Bearer ${session.token}` } } : {}
    },
    exchanges: [
      mapExchange({
        onError(error) {
          if (errorCode(error) === 'UNAUTHENTICATED') onUnauthenticated()
        },
      }),
      // The first screen of a page the server painted mounts with the answer it was painted from.
      paintedExchange(takeAnswer),
      // Queries go as the SHA-256 of their text: the server knows the SPA's own from the
      // build's list (scripts/persisted.js), so a village phone sends a few dozen bytes
      // instead of the whole document.
      persistedExchange({ preferGetForPersistedQueries: false, generateHash: sha256 }),
      fetchExchange,
    ],
  })
}

/**
 * The hex SHA-256 of a document's text, or undefined where the browser has no Web Crypto
 * (a page served over plain http from an address other than localhost): the query then
 * goes whole, as it would without persisted queries.
 */
export async function sha256(text: string): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return undefined
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}
