// Fails the build when the JavaScript a phone must fetch before the first screen (the entry
// script and the chunks index.html preloads) grows past 100 KB as served: the Brotli twins
// that scripts/compress.js wrote, which every current browser takes.
import { existsSync, readFileSync } from 'node:fs'

const budget = 100 * 1024
const dist = new URL('../dist/', import.meta.url)

const html = readFileSync(new URL('index.html', dist), 'utf8')
const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1])
const missing = scripts.filter((file) => !existsSync(new URL(`${file}.br`, dist)))
const size = scripts
  .filter((file) => !missing.includes(file))
  .reduce((sum, file) => sum + readFileSync(new URL(`${file}.br`, dist)).length, 0)

console.log(`initial JS: ${(size / 1024).toFixed(1)} KB brotli in ${scripts.length} files (budget ${budget / 1024} KB)`)
if (scripts.length === 0 || missing.length > 0 || size > budget) {
  console.error(`initial JS is over budget, index.html references no script, or a script has no .br twin: ${missing.join(' ')}`)
  process.exit(1)
}
