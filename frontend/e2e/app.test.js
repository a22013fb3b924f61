// End to end: the real mzdesk binary, with demo data in a fresh SQLite file, serving the built
// SPA to Debian's Chromium at phone size (390×844). Build both first (`make build`); MZ_BIN
// points at another binary. Screenshots go to e2e/artifacts/.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
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
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

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
  // Every step here takes well under a second; a missing element should fail fast.
  context.setDefaultTimeout(10_000)
  return context.newPage()
}

async function login(page, username) {
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
}

/** A screenshot for people to look at, with transitions run to their end; the whole page unless it is a long list. */
async function snap(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), animations: 'disabled', fullPage })
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

/** No serious or critical accessibility problem that axe-core finds on the page as it is now. */
async function assertAccessible(page) {
  await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const { violations } = await window.axe.run(document)
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
  })
  assert.deepEqual(violations, [], 'serious or critical accessibility violations')
}

/** Sends a GraphQL request to the server directly, as a script would; throws on any error. */
async function graphql(query, variables = {}, token) {
  const response = await fetch(`${baseURL}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  })
  const body = await response.json()
  assert.equal(body.errors, undefined, JSON.stringify(body.errors))
  return body.data
}

async function tokenOf(username) {
  const data = await graphql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
    u: username,
    p: password,
  })
  return data.login.token
}

/** Picks one entry of a Vant action sheet opened by the field labelled `label`. */
async function choose(page, label, option) {
  await page.getByLabel(label, { exact: true }).click()
  await page.locator('.van-action-sheet__item', { hasText: option }).click()
  await page.locator('.van-action-sheet').waitFor({ state: 'hidden' })
}

test('a visitor is sent to the login page', async () => {
  const page = await newPhone()
  await page.goto('/')
  await page.waitForURL('**/login')
  await page.getByText('演示账号密码 demo-2020').waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
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
  await page.getByText('还没有捐赠记录').waitFor()
  await page.waitForTimeout(500)
  const operations = graphqlRequests.map((request) => request.postDataJSON().operationName).sort()
  assert.deepEqual(operations, ['Donations', 'Login', 'Viewer'], 'each query of the first screen once, no more')
  assert.deepEqual(await tabLabels(page), ['捐赠', '新建', '我的'])
  await assertFitsPhone(page)
  await snap(page, 'charity-home')

  await page.reload()
  await page.getByText('还没有捐赠记录').waitFor()

  await page.locator('.van-tabbar-item', { hasText: '我的' }).click()
  await page.waitForURL('**/me')
  await page.getByText('English', { exact: true }).click()
  await page.getByRole('button', { name: 'Log out' }).waitFor()
  assert.deepEqual(await tabLabels(page), ['Donations', 'New', 'Me'])
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
  await page.getByText('暂无待签收的物资').waitFor()
  assert.deepEqual(await tabLabels(page), ['待签收', '我的'])
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
  await page.getByText('还没有公示的捐赠').waitFor()
  assert.equal(new URL(page.url()).pathname, '/public')
  await assertFitsPhone(page)
  await snap(page, 'public-empty')

  await page.goto('/login')
  await page.getByRole('link', { name: '查看捐赠公示' }).click()
  await page.waitForURL('**/public')
  await page.context().close()
})

// The donation ledger, as in the 2020 report: 3 t of 84消毒液 in 120 barrels from one donor,
// split over the 128 villages of 武陵区, signed for by 芷荷社区. The tests below run in order
// and build on each other.

const zhihe = 'village-430702001001'
let donationID

test('the charity office records the 3 t donation, previews the split in barrels, allocates it by the kilogram and dispatches', async () => {
  const page = await newPhone()
  await page.goto('/login')
  await login(page, 'charity')
  await page.waitForURL('**/charity')
  await page.locator('.van-tabbar-item', { hasText: '新建' }).click()
  await page.waitForURL('**/charity/new')

  await choose(page, '捐赠方', '常德市子琳医疗科技有限公司')
  await page.getByLabel('用途').fill('定向捐赠武陵区各村（居）')
  await choose(page, '物资', '84消毒液')
  await page.getByLabel('数量').fill('120')
  await choose(page, '单位', '桶')
  await assertFitsPhone(page)
  await snap(page, 'charity-new-donation')
  await page.getByRole('button', { name: '保存捐赠' }).click()
  await page.waitForURL(/\/charity\/donations\/\d+$/)
  donationID = new URL(page.url()).pathname.split('/').at(-1)
  await page.getByText('120 桶', { exact: true }).waitFor()
  await page.getByText('已分配 0 桶 · 待分配 120 桶').waitFor()

  await page.getByRole('button', { name: '分配', exact: true }).click()
  await page.waitForURL(/\/charity\/lines\/\d+\/allocate$/)
  await page.getByText('武陵区全部村（居）').waitFor()
  await page.getByRole('button', { name: '预览分配' }).click()
  await page.getByText('有 8 个村（居）分不到').waitFor()
  await page.getByText('120 个 · 各 1 桶').waitFor()
  await page.getByText('8 个 · 分不到').waitFor()
  assert.ok(await page.getByRole('button', { name: '确认分配' }).isEnabled())
  await assertFitsPhone(page)
  await snap(page, 'charity-allocate-preview-barrels')

  await page.getByRole('radio', { name: '按千克细分' }).click()
  assert.ok(await page.getByRole('button', { name: '确认分配' }).isDisabled(), 'a changed split must be previewed again')
  await page.getByRole('button', { name: '预览分配' }).click()
  await page.getByText('64 个 · 各 23.438 千克').waitFor()
  await page.getByText('64 个 · 各 23.437 千克').waitFor()
  await snap(page, 'charity-allocate-preview-kg')
  await page.getByRole('button', { name: '确认分配' }).click()

  await page.waitForURL(`**/charity/donations/${donationID}`)
  await page.getByText('已分配 120 桶 · 待分配 0 桶').waitFor()
  await page.getByRole('button', { name: '发放已分配的 128 份' }).click()
  await page.locator('.van-dialog').getByRole('button', { name: '确认' }).click()
  await page.getByText('已发放 128 份，等待各村（居）签收。').waitFor()
  await assertFitsPhone(page)
  await snap(page, 'charity-donation-detail')
  await page.context().close()
})

test('芷荷社区 sees the delivery to receive and confirms it with one tap', async () => {
  const page = await newPhone()
  await page.goto('/login')
  await login(page, zhihe)
  await page.waitForURL('**/village')
  const delivery = page.locator('.van-cell', { hasText: '84消毒液' })
  await delivery.getByText(/^84消毒液 23\.43[78] 千克$/).waitFor()
  assert.equal(await delivery.count(), 1, 'only what goes to 芷荷社区')
  await assertFitsPhone(page)
  await snap(page, 'village-to-receive')

  await delivery.click()
  await page.waitForURL(/\/village\/allocations\/\d+$/)
  await page.getByText(/^23\.43[78] 千克$/).waitFor()
  await page.getByText('芷荷社区').waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'village-allocation')

  await page.getByText('有差异').click()
  await page.getByRole('button', { name: '提交签收' }).waitFor()
  await assertFitsPhone(page)
  await snap(page, 'village-allocation-difference')
  await page.getByText('有差异').click()

  await page.getByRole('button', { name: '全部收到' }).click()
  await page.getByText('签收成功').waitFor()
  await page.locator('.van-tag', { hasText: '已签收' }).waitFor()
  await snap(page, 'village-allocation-confirmed')
  await page.context().close()
})

test('the charity office sees 1 of 128 confirmed, with the chart on the progress page', async () => {
  const page = await newPhone()
  await page.goto('/login')
  await login(page, 'charity')
  await page.waitForURL('**/charity')
  await page.getByText('1/128 已签收').waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'charity-donations')

  await page.getByText('常德市子琳医疗科技有限公司').click()
  await page.getByText('签收进度 1/128').click()
  await page.waitForURL(`**/charity/donations/${donationID}/progress`)
  await page.locator('.chart svg').waitFor()
  await page.getByText('没有差异').waitFor()
  await assertFitsPhone(page)
  await snap(page, 'charity-progress')
  await page.context().close()
})

test('the public page shows the donation and where it went, without logging in', async () => {
  const page = await newPhone()
  await page.goto('/public')
  await page.getByText('1/128 个单位已签收').waitFor()
  await page.getByText('84消毒液 120 桶').waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'public')

  await page.getByText('常德市子琳医疗科技有限公司').click()
  await page.waitForURL(`**/public/donations/${donationID}`)
  const zhiheRow = page.locator('.van-cell', { hasText: '芷荷社区' })
  await zhiheRow.locator('.van-tag', { hasText: '已签收' }).waitFor()
  assert.equal(await page.locator('.van-cell .van-tag', { hasText: '待签收' }).count(), 127)
  await assertFitsPhone(page)
  await snap(page, 'public-trail', { fullPage: false })
  await page.context().close()
})

test('a receipt confirmed offline waits on the phone and reaches the server once, back online', async () => {
  const charity = await tokenOf('charity')
  const { allocations } = await graphql(
    `query($d: ID!) {
      allocations(first: 1, where: { status: DISPATCHED, hasLineWith: [{ donationID: $d }] }) {
        edges { node { id village { code } } }
      }
    }`,
    { d: donationID },
    charity,
  )
  const { id: allocationID, village } = allocations.edges[0].node

  const page = await newPhone()
  await page.goto('/login')
  await login(page, `village-${village.code}`)
  await page.waitForURL('**/village')
  // The service worker has installed and controls the page: the app shell now opens offline.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  await page.goto(`/village/allocations/${allocationID}`)
  await page.getByRole('button', { name: '全部收到' }).waitFor()

  await page.context().setOffline(true)
  await page.getByRole('button', { name: '全部收到' }).click()
  await page.getByText('已保存，待发送：网络恢复后自动发送').waitFor()
  await snap(page, 'village-offline-waiting')

  await page.goto('/village')
  await page.getByText('待发送的签收').waitFor()
  await page.getByText('连不上服务器，请检查网络后再试。').waitFor()
  await snap(page, 'village-offline-home')
  const [kept] = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('mzdesk')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const all = open.result.transaction('receipts').objectStore('receipts').getAll()
          all.onsuccess = () => resolve(all.result)
        }
      }),
  )
  assert.equal(kept.input.allocationID, allocationID)

  await page.context().setOffline(false)
  await page.getByText('待发送的签收').waitFor({ state: 'hidden' })

  // The phone's retry, should its answer have been lost: the same key is counted once.
  const villageToken = await page.evaluate(() => JSON.parse(localStorage.getItem('mzdesk.session')).token)
  const again = await graphql(
    'mutation($input: ConfirmReceiptInput!) { confirmReceipt(input: $input) { id } }',
    { input: kept.input },
    villageToken,
  )
  const check = await graphql(
    `query($a: ID!) {
      node(id: $a) { ... on Allocation { status } }
      receipts(where: { allocationID: $a }) { totalCount edges { node { id } } }
    }`,
    { a: allocationID },
    charity,
  )
  assert.equal(check.node.status, 'RECEIVED')
  assert.equal(check.receipts.totalCount, 1, 'exactly one receipt for the allocation')
  assert.equal(again.confirmReceipt.id, check.receipts.edges[0].node.id)
  await page.context().close()
})
