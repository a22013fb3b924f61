// End to end: the real mzdesk binary, with demo data in a fresh SQLite file, serving the built
// SPA to Debian's Chromium at phone size (390×844). Build both first (`make build`); MZ_BIN
// points at another binary. Screenshots go to e2e/artifacts/.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium } from 'playwright-core'

const frontend = resolve(import.meta.dirname, '..')
const bin = resolve(frontend, process.env.MZ_BIN ?? '../bin/mzdesk')
const artifacts = join(import.meta.dirname, 'artifacts')
const password = process.env.MZ_DEMO_PASSWORD ?? 'demo-2020'

let server
let serverOutput = ''
let baseURL
let browser
let dataDir

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

before(async () => {
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
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
})

after(async () => {
  await browser?.close()
  if (server && server.exitCode === null) {
    const exited = new Promise((done) => server.once('exit', done))
    server.kill('SIGTERM')
    await Promise.race([exited, sleep(5_000).then(() => server.kill('SIGKILL'))])
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** A fresh phone: its own storage, so no test sees another's session. */
async function newPhone() {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  return context.newPage()
}

async function login(page, username) {
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
}

/** A screenshot for people to look at, with transitions run to their end. */
async function snap(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), animations: 'disabled' })
}

async function tabLabels(page) {
  await page.locator('.van-tabbar-item').first().waitFor()
  return (await page.locator('.van-tabbar-item').allInnerTexts()).map((label) => label.trim())
}

/** Phone-first promises: nothing wider than the screen, every visible control at least 44 px high. */
async function assertFitsPhone(page) {
  const { overflow, small } = await page.evaluate(() => {
    const controls = document.querySelectorAll('button, a, input, .van-tabbar-item, .van-cell--clickable')
    const small = [...controls]
      .filter((element) => element.checkVisibility())
      .map((element) => ({ element, box: (element.closest('.van-field') ?? element).getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44)
      .map(({ element, box }) => `${element.tagName} "${element.textContent.trim()}" ${box.height}px`)
    return { overflow: document.documentElement.scrollWidth - window.innerWidth, small }
  })
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`)
  assert.deepEqual(small, [], 'touch targets under 44 px')
}

test('a visitor is sent to the login page', async () => {
  const page = await newPhone()
  await page.goto('/')
  await page.waitForURL('**/login')
  await page.getByText('演示账号密码 demo-2020').waitFor()
  await assertFitsPhone(page)
  await snap(page, 'login')

  await page.getByLabel('用户名').fill('charity')
  await page.getByLabel('密码').fill('wrong-password')
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await page.getByRole('alert').waitFor()
  assert.equal(new URL(page.url()).pathname, '/login')
  await snap(page, 'login-failed')
  await page.context().close()
})

test('the charity office logs in to its own home and tab bar, then logs out', async () => {
  const page = await newPhone()
  await page.goto('/')
  await page.waitForURL('**/login')
  const graphqlRequests = []
  page.on('request', (request) => request.url().endsWith('/graphql') && graphqlRequests.push(request))
  await login(page, 'charity')
  await page.waitForURL('**/charity')
  await page.getByText('慈善办', { exact: true }).first().waitFor()
  await page.getByText('登记捐赠方和捐赠物资，分配、发放物资并跟踪签收。').waitFor()
  await page.waitForTimeout(500)
  assert.equal(graphqlRequests.length, 2, 'one Login and one Viewer request, no more')
  assert.deepEqual(await tabLabels(page), ['首页', '我的'])
  await assertFitsPhone(page)
  await snap(page, 'charity-home')

  await page.reload()
  await page.getByText('慈善办', { exact: true }).first().waitFor()

  await page.locator('.van-tabbar-item', { hasText: '我的' }).click()
  await page.waitForURL('**/me')
  await page.getByText('English', { exact: true }).click()
  await page.getByRole('button', { name: 'Log out' }).waitFor()
  assert.deepEqual(await tabLabels(page), ['Home', 'Me'])
  await snap(page, 'charity-me-en')
  await page.getByText('中文', { exact: true }).click()
  await page.getByRole('button', { name: '退出登录' }).waitFor()
  await assertFitsPhone(page)
  await snap(page, 'charity-me')

  await page.getByRole('button', { name: '退出登录' }).click()
  await page.waitForURL('**/login')
  await page.goto('/charity')
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/charity')
  await page.context().close()
})

test('a village committee lands on the village home and cannot open the charity home', async () => {
  const page = await newPhone()
  await page.goto('/login')
  await login(page, 'village-430702001001')
  await page.waitForURL('**/village')
  await page.getByText('村（居）委会', { exact: true }).first().waitFor()
  await page.getByText('查看发往本村（社区）的物资，到货后用手机确认签收。').waitFor()
  assert.deepEqual(await tabLabels(page), ['首页', '我的'])
  await assertFitsPhone(page)
  await snap(page, 'village-home')

  await page.goto('/charity')
  await page.waitForURL('**/village')
  await page.context().close()
})

test('a token the server refuses ends the session, and logging in again comes back', async () => {
  const page = await newPhone()
  await page.goto('/login')
  await page.evaluate(() => {
    const viewer = { id: '0', username: 'charity', displayName: '慈善办', role: 'CHARITY_OFFICE', scopeName: null }
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString()
    localStorage.setItem('mzdesk.session', JSON.stringify({ token: 'forged', expiresAt, viewer }))
  })
  await page.goto('/charity')
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/charity')
  await page.getByRole('alert').getByText('登录已失效，请重新登录。').waitFor()

  await login(page, 'charity')
  await page.waitForURL('**/charity')
  await page.context().close()
})

test('the public donation page opens without logging in', async () => {
  const page = await newPhone()
  await page.goto('/public')
  await page.getByRole('heading', { name: '捐赠公示' }).waitFor()
  assert.equal(new URL(page.url()).pathname, '/public')
  await assertFitsPhone(page)
  await snap(page, 'public')

  await page.goto('/login')
  await page.getByRole('link', { name: '查看捐赠公示' }).click()
  await page.waitForURL('**/public')
  await page.context().close()
})
