// Writes dist/persisted-queries.json: every GraphQL document of the SPA (the exported
// documents of src/graphql), keyed by the SHA-256 of the text the SPA's persisted-query
// exchange hashes (src/graphql/persisted.ts; persisted.test.ts checks the client sends
// exactly these hashes). The server embeds it with the build and,
// in production, runs a persisted query only when its hash is in this list, so strangers
// can neither fill nor evict a cache of documents (internal/app/safelist.go).
import { createHash } from 'node:crypto'
import { readdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'vite'

const root = new URL('..', import.meta.url).pathname
const server = await createServer({ root, logLevel: 'error', server: { middlewareMode: true, hmr: false }, appType: 'custom' })
const queries = {}
try {
  const { persistedText } = await server.ssrLoadModule('/src/graphql/persisted.ts')
  for (const file of readdirSync(`${root}src/graphql`).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue
    const mod = await server.ssrLoadModule(`/src/graphql/${file}`)
    for (const value of Object.values(mod)) {
      // Fragments are exported too, for the documents that spread them; only operations run.
      if (value?.kind === 'Document' && value.definitions.some((definition) => definition.kind === 'OperationDefinition')) {
        const text = persistedText(value)
        queries[createHash('sha256').update(text).digest('hex')] = text
      }
    }
  }
} finally {
  await server.close()
}
writeFileSync(`${root}dist/persisted-queries.json`, JSON.stringify(queries, null, 1) + '\n')
console.log(`persisted-queries.json: ${Object.keys(queries).length} documents`)
