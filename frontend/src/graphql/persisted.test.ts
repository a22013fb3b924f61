import { Client, fetchExchange, type DocumentInput } from '@urql/core'
import { persistedExchange } from '@urql/exchange-persisted'
import { describe, expect, it } from 'vitest'
import { sha256 } from './client'
import { persistedText } from './persisted'

/** Every document the SPA exports, as scripts/persisted.js lists them for the server. */
const documents = Object.entries(import.meta.glob(['./*.ts', '!./*.test.ts', '!./*.d.ts'], { eager: true })).flatMap(([file, module]) =>
  Object.entries(module as Record<string, unknown>)
    .filter(([, value]) => (value as { kind?: string } | null)?.kind === 'Document')
    .map(([name, value]) => ({ name: `${file}: ${name}`, document: value as DocumentInput<unknown, never> })),
)

/** The hash a client built like the SPA's sends for a query, read off the request it makes. */
async function sentHash(document: DocumentInput<unknown, never>): Promise<string | undefined> {
  let hash: string | undefined
  const client = new Client({
    url: 'http://mzdesk.test/graphql',
    preferGetMethod: false,
    exchanges: [persistedExchange({ preferGetForPersistedQueries: false, generateHash: sha256 }), fetchExchange],
    fetch: async (_url, init) => {
      hash ??= JSON.parse(String(init?.body)).extensions?.persistedQuery?.sha256Hash
      return new Response(JSON.stringify({ data: null }), { headers: { 'Content-Type': 'application/json' } })
    },
  })
  await client.query(document, {} as never).toPromise()
  return hash
}

describe('persisted queries', () => {
  const queries = documents.filter(({ document }) => persistedText(document).startsWith('query'))

  it('finds the documents the build lists', () => {
    expect(queries.length).toBeGreaterThan(20)
  })

  it.each(queries)('$name goes by the hash the build lists for it', async ({ document }) => {
    expect(await sentHash(document)).toBe(await sha256(persistedText(document)))
  })
})
