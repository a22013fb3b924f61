// Writes dist/persisted-queries.json: every GraphQL document of the SPA (the exported
// documents of src/graphql), keyed by the SHA-256 of the text the SPA's persisted-query
// exchange hashes (urql's stringifyDocument). The server embeds it with the build and,
// in production, runs a persisted query only when its hash is in this list, so strangers
// can neither fill nor evict a cache of documents (internal/app/safelist.go).
import { createHash } from 'node:crypto'
import { readdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'vite'

const root = new URL('..', import.meta.url).pathname
const server = await createServer({ root, logLevel: 'error', server: { middlewareMode: true, hmr: false }, appType: 'custom' })
const queries = {}
try {
  const { stringifyDocument } = await server.ssrLoadModule('@urql/core')
  for (const file of readdirSync(`${root}src/graphql`).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue
    const mod = await server.ssrLoadModule(`/src/graphql/${file}`)
    for (const value of Object.values(mod)) {
      if (value && typeof value === 'object' && value.kind === 'Document') {
        const text = stringifyDocument(value)
        queries[createHash('sha256').update(text).digest('hex')] = text
      }
    }
  }
} finally {
  await server.close()
}
writeFileSync(`${root}dist/persisted-queries.json`, JSON.stringify(queries, null, 1) + '\n')
console.log(`persisted-queries.json: ${Object.keys(queries).length} documents`)
