// Fails the build when the JavaScript a phone must fetch before the first screen (the entry
// script and the chunks index.html preloads) grows past 200 KB gzipped.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const budget = 200 * 1024
const dist = new URL('../dist/', import.meta.url)

const html = readFileSync(new URL('index.html', dist), 'utf8')
const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1])
const size = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(new URL(file, dist))).length, 0)

console.log(`initial JS: ${(size / 1024).toFixed(1)} KB gzipped in ${scripts.length} files (budget ${budget / 1024} KB)`)
if (scripts.length === 0 || size > budget) {
  console.error('initial JS is over budget, or index.html references no script')
  process.exit(1)
}
