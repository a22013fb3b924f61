// What every browser test file shares: the real mzdesk binary, with demo data in a fresh SQLite
// file, serving the built SPA to Debian's Chromium at phone size (390×844), one server and one
// browser per file. Build both first (`make build`); MZ_BIN points at another binary.
// Screenshots go to e2e/artifacts/.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium } from 'playwright-core'

const frontend = resolve(import.meta.dirname, '..')
const bin = resolve(frontend, process.env.MZ_BIN ?? '../bin/mzdesk')
const artifacts = join(import.meta.dirname, 'artifacts')
export const password = process.env.MZ_DEMO_PASSWORD ?? 'demo-2020'
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

let server
let serverOutput = ''
/**
 * The hashes the build lists for the server's safelist, and the queries a phone sent by a hash
 * outside it: in production the server refuses those, so each would cost a second request.
 */
const listed = new Set(Object.keys(JSON.parse(readFileSync(join(frontend, 'dist/persisted-queries.json'), 'utf8'))))
const unlisted = new Set()
let dataDir
/** The server's address and the browser, set once startMzdesk's hook has run. */
export let baseURL
export let browser

/** A port nobody listens on right now, for the server to take. */
async function freePort() {
  const probe = createServer()
  await new Promise((done) => probe.listen(0, '127.0.0.1', done))
  const { port } = probe.address()
  await new Promise((done) => probe.close(done))
  return port
}

async function waitUntilHealthy() {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`mzdesk exited with ${server.exitCode}:\n${serverOutput}`)
    try {
      if ((await fetch(`${baseURL}/healthz`)).status === 200) return
    } catch {
      // Not listening yet.
    }
    await sleep(200)
  }
  throw new Error(`mzdesk did not answer /healthz within 60 s:\n${serverOutput}`)
}

/** The Chromium flags of every browser test (no network of its own, no first-run screens). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Starts mzdesk and Chromium before the file's tests, and stops both after them. */
export function startMzdesk() {
  before(start)
  after(stop)
  after(() => assert.deepEqual([...unlisted], [], 'queries sent by a hash the build does not list'))
}

async function start() {
  assert.ok(existsSync(bin), `no server binary at ${bin}: run \`make build\` or set MZ_BIN`)
  mkdirSync(artifacts, { recursive: true })
  dataDir = mkdtempSync(join(tmpdir(), 'mzdesk-e2e-'))
  const addr = `127.0.0.1:${await freePort()}`
  baseURL = `http://${addr}`
  server = spawn(bin, [], {
    env: { ...process.env, MZ_DB: `sqlite:${join(dataDir, 'e2e.db')}`, MZ_DEMO: '1', MZ_ADDR: addr },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout.on('data', (chunk) => (serverOutput += chunk))
  server.stderr.on('data', (chunk) => (serverOutput += chunk))
  await waitUntilHealthy()
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs })
}

async function stop() {
  await browser?.close()
  if (server && server.exitCode === null) {
    const exited = new Promise((done) => server.once('exit', done))
    server.kill('SIGTERM')
    await Promise.race([exited, sleep(5_000).then(() => server.kill('SIGKILL'))])
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}

/** A fresh phone: its own storage, so no test sees another's session; its browser speaks `locale`. */
export async function newPhone({ locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale,
  })
  // Every step here takes well under a second; a missing element should fail fast.
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  page.on('request', (request) => {
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/graphql') return
    const { operationName, extensions } = request.postDataJSON() ?? {}
    const hash = extensions?.persistedQuery?.sha256Hash
    if (hash && !listed.has(hash)) unlisted.add(`${operationName} ${hash}`)
  })
  return page
}

export async function login(page, username) {
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
}

/** A screenshot for people to look at, with transitions run to their end; the whole page unless it is a long list. */
export async function snap(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), animations: 'disabled', fullPage })
}

export async function tabLabels(page) {
  await page.locator('.van-tabbar-item').first().waitFor()
  return (await page.locator('.van-tabbar-item').allInnerTexts()).map((label) => label.trim())
}

/** Phone-first promises: nothing wider than the screen, every visible control at least 44 px high. */
export async function assertFitsPhone(page) {
  const { overflow, small } = await page.evaluate(() => {
    const controls = document.querySelectorAll('button, a, input, .van-tabbar-item, .van-cell--clickable')
    const small = [...controls]
      .filter((element) => element.checkVisibility())
      // A control inside a field or a label is tapped through the whole of it.
      .map((element) => ({ element, box: (element.closest('.van-field, label') ?? element).getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44)
      .map(({ element, box }) => `${element.tagName} "${element.textContent.trim()}" ${box.height}px`)
    return { overflow: document.documentElement.scrollWidth - window.innerWidth, small }
  })
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`)
  assert.deepEqual(small, [], 'touch targets under 44 px')
}

/**
 * No serious or critical accessibility problem that axe-core finds on the page as it is now.
 * axe is evaluated through the debugging protocol: the server's CSP (script-src 'self')
 * rightly refuses an inline script tag.
 */
export async function assertAccessible(page) {
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const { violations } = await window.axe.run(document)
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
  })
  assert.deepEqual(violations, [], 'serious or critical accessibility violations')
}

/** Sends a GraphQL request to the server directly, as a script would; throws on any error. */
export async function graphql(query, variables = {}, token) {
  const response = await fetch(`${baseURL}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  })
  const body = await response.json()
  assert.equal(body.errors, undefined, JSON.stringify(body.errors))
  return body.data
}

export async function tokenOf(username) {
  const data = await graphql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
    u: username,
    p: password,
  })
  return data.login.token
}

/** Picks one entry of a Vant action sheet opened by the field labelled `label`. */
export async function choose(page, label, option) {
  await page.getByLabel(label, { exact: true }).click()
  await page.locator('.van-action-sheet__item', { hasText: option }).click()
  await page.locator('.van-action-sheet').waitFor({ state: 'hidden' })
}
