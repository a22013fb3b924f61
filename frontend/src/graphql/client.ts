import { Client, fetchExchange, mapExchange } from '@urql/core'
import { errorCode } from '../composables/useErrorMessage'
import { activeSession } from '../stores/session'

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
      fetchExchange,
    ],
  })
}
