// Writes a Brotli (.br) and a gzip (.gz) twin beside every text file of the build over 1 KB,
// once, at the best levels, so the server hands a phone on a slow link the smallest file
// without compressing anything per request (internal/app/compress.go picks the twin by
// Accept-Encoding). Twins that would not be smaller are not written.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const dist = new URL('../dist/', import.meta.url).pathname
const textFile = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/
const minSize = 1024

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else yield path
  }
}

let count = 0
for (const path of files(dist)) {
  if (!textFile.test(path) || statSync(path).size < minSize) continue
  const raw = readFileSync(path)
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  })
  const gz = gzipSync(raw, { level: 9 })
  if (br.length < raw.length) writeFileSync(`${path}.br`, br)
  if (gz.length < raw.length) writeFileSync(`${path}.gz`, gz)
  count++
}
console.log(`compressed ${count} files (.br and .gz)`)
