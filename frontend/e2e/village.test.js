// The village on a bad network, end to end: the list and each delivery kept on the phone and
// shown offline, a confirmation made offline sent once on reconnect, the delivery sheet's QR
// code landing before login, a 30-day device session, deliveries in barrels corrected in
// barrels, and the history of receipts. One server and one browser for the file (harness.js).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  assertAccessible,
  assertFitsPhone,
  browser,
  baseURL,
  graphql,
  login,
  newPhone,
  password,
  snap,
  startMzdesk,
  tokenOf,
} from './harness.js'

startMzdesk()

let charity
/** Villages of 武陵区 with their accounts, one per test so that no test sees another's deliveries. */
let villages

/** The charity office's token and the villages, asked for once, when the first test needs them (the server is up by then). */
async function fixtures() {
  if (villages) return
  charity = await tokenOf('charity')
  const { orgUnits } = await graphql(
    `{ orgUnits(first: 8, where: { level: VILLAGE, nameContains: "社区" }, orderBy: { field: CODE }) { edges { node { id code name } } } }`,
    {},
    charity,
  )
  villages = orgUnits.edges.map((edge) => edge.node)
  assert.ok(villages.length >= 6, 'the demo data has the villages of 武陵区')
}

/**
 * The charity office sends `barrels` 桶 of 84消毒液 (25 kg each) to a village and dispatches it,
 * as a donation counted in barrels; answers the allocation's id.
 */
async function sendBarrels(village, barrels, receiptNo) {
  await fixtures()
  const { donors, items } = await graphql(
    `{
      donors(first: 1, where: { name: "常德市子琳医疗科技有限公司" }) { edges { node { id } } }
      items(first: 1, where: { name: "84消毒液" }) { edges { node { id } } }
    }`,
    {},
    charity,
  )
  const { createDonation } = await graphql(
    `mutation($input: CreateDonationInput!) { createDonation(input: $input) { id lines { id } } }`,
    {
      input: {
        donorID: donors.edges[0].node.id,
        donatedOn: new Date().toISOString(),
        receiptNo,
        lines: [{ itemID: items.edges[0].node.id, quantity: String(barrels), unit: 'PACK' }],
      },
    },
    charity,
  )
  const { allocateDonation } = await graphql(
    `mutation($line: ID!, $village: ID!, $n: Quantity!) {
      allocateDonation(input: { lineID: $line, method: EVEN, splitUnit: PACK, recipients: { villageIDs: [$village] }, amount: $n, unit: PACK }) {
        allocations { id }
      }
    }`,
    { line: createDonation.lines[0].id, village: village.id, n: String(barrels) },
    charity,
  )
  const ids = allocateDonation.allocations.map((allocation) => allocation.id)
  await graphql('mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }', { ids }, charity)
  return ids[0]
}

/** A village phone logged in on its home, with the service worker in control (the app then opens offline). */
async function villagePhone(village) {
  const page = await newPhone()
  await page.goto('/login')
  await login(page, `village-${village.code}`)
  await page.waitForURL('**/village')
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  return page
}

async function allocationStatus(id) {
  const { node, receipts } = await graphql(
    `query($a: ID!) {
      node(id: $a) { ... on Allocation { status } }
      receipts(first: 10, where: { allocationID: $a }) { totalCount }
    }`,
    { a: id },
    charity,
  )
  return { status: node.status, receipts: receipts.totalCount }
}

test('offline, a cold open of the village list shows the deliveries it had, marked with when they were fetched', async () => {
  await fixtures()
  const village = villages[0]
  await sendBarrels(village, 2, 'E2E-V-OFF-1')
  const page = await villagePhone(village)
  await page.getByText('84消毒液 2 桶').waitFor()
  const context = page.context()
  await page.close()

  await context.setOffline(true)
  const cold = await context.newPage()
  await cold.goto('/village')
  await cold.getByText(/^没有网络，显示的是 .+ 获取的内容$/).waitFor()
  await cold.getByText('84消毒液 2 桶').waitFor()
  assert.equal(await cold.getByText('连不上服务器').count(), 0)
  await assertFitsPhone(cold)
  await assertAccessible(cold)
  await snap(cold, 'village-offline-cold')

  // Each delivery's own page opens too, from what the list kept.
  await cold.getByText('84消毒液 2 桶').click()
  await cold.getByRole('button', { name: '全部收到' }).waitFor()
  await snap(cold, 'village-offline-delivery')
  await context.close()
})

test('a confirmation made offline is sent once on reconnect, and the list refreshes itself', async () => {
  await fixtures()
  const village = villages[1]
  const id = await sendBarrels(village, 1, 'E2E-V-Q-1')
  const page = await villagePhone(village)
  await page.getByText('84消毒液 1 桶').click()
  await page.getByRole('button', { name: '全部收到' }).waitFor()

  await page.context().setOffline(true)
  await page.getByRole('button', { name: '全部收到' }).click()
  await page.getByText('已保存，待发送：网络恢复后自动发送').waitFor()
  await page.locator('.van-nav-bar').getByText('返回').click()
  await page.getByText('待发送的签收').waitFor()
  assert.deepEqual(await allocationStatus(id), { status: 'DISPATCHED', receipts: 0 })

  const sent = []
  page.on('request', (request) => request.postData()?.includes('ConfirmReceipt') && sent.push(request))
  await page.context().setOffline(false)
  // Sent by itself, and the list asks again: the delivery is no longer to be signed.
  await page.getByText('待发送的签收').waitFor({ state: 'hidden' })
  await page.getByText('暂无待签收的物资').waitFor()
  assert.deepEqual(await allocationStatus(id), { status: 'RECEIVED', receipts: 1 })
  assert.equal(sent.length, 1, 'the confirmation went out once')
  await snap(page, 'village-reconnected')
  await page.context().close()
})

test('the QR code shows the delivery before login, then signs in with the password alone in two steps', async () => {
  await fixtures()
  const village = villages[2]
  const id = await sendBarrels(village, 3, 'E2E-V-QR-1')
  const page = await newPhone()
  await page.goto(`/allocations/${id}?account=village-${village.code}`)
  await page.waitForURL(`**/scan/${id}?account=*`)
  await page.getByText('84消毒液').first().waitFor()
  await page.getByText('3 桶').waitFor()
  await page.getByText('常德市子琳医疗科技有限公司').waitFor()
  await page.getByText(`${village.name}村(居)委会`).waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'qr-landing')

  // Step one: the delivery; step two: the password of the account the code names.
  await page.getByRole('button', { name: '登录后签收' }).click()
  await page.getByText(`village-${village.code}`).waitFor()
  assert.equal(await page.getByLabel('用户名').count(), 0, 'the account comes from the QR code')
  await page.getByLabel('密码').fill(password)
  await assertAccessible(page)
  await snap(page, 'qr-landing-password')
  await page.getByRole('button', { name: '登录并签收' }).click()
  await page.waitForURL(`**/allocations/${id}`)
  await page.getByRole('button', { name: '全部收到' }).waitFor()
  await page.context().close()
})

test('a remembered phone keeps its 30-day session across a browser restart, and loses it when the session is ended', async () => {
  await fixtures()
  const village = villages[3]
  const phone = await newPhone()
  await phone.goto('/login')
  await phone.getByLabel('用户名').fill(`village-${village.code}`)
  await phone.getByLabel('密码').fill(password)
  await phone.getByRole('switch', { name: '记住这部手机' }).click()
  await phone.getByRole('button', { name: '登录', exact: true }).click()
  await phone.waitForURL('**/village')
  const expiresAt = await phone.evaluate(() => JSON.parse(localStorage.getItem('mzdesk.session')).expiresAt)
  assert.ok(Date.parse(expiresAt) - Date.now() > 29 * 24 * 3600 * 1000, `a 30-day session, not until ${expiresAt}`)

  // A browser restart: a new browser context with the same storage.
  const storageState = await phone.context().storageState()
  await phone.context().close()
  const restarted = await browser.newContext({
    baseURL,
    storageState,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  restarted.setDefaultTimeout(10_000)
  const page = await restarted.newPage()
  await page.goto('/me')
  await page.getByText('已登录的设备').waitFor()
  await page.locator('.van-tag', { hasText: '本机' }).waitFor()
  await assertAccessible(page)
  await snap(page, 'village-sessions')

  // Ended from another device (the same account on a second phone): this one is asked to log in.
  const other = await newPhone()
  await other.goto('/login')
  await login(other, `village-${village.code}`)
  await other.waitForURL('**/village')
  await other.goto('/me')
  await other.getByRole('button', { name: '退出', exact: true }).click()
  await other.context().close()

  // Each server remembers a session's check for a second: the end is seen after that.
  await page.waitForTimeout(1_100)
  await page.goto('/village')
  await page.waitForURL((url) => url.pathname === '/login')
  await restarted.close()
})

test('a delivery made in barrels is corrected in barrels, with the kilograms beside', async () => {
  await fixtures()
  const village = villages[4]
  const id = await sendBarrels(village, 4, 'E2E-V-BBL-1')
  const page = await villagePhone(village)
  await page.getByText('84消毒液 4 桶').click()
  await page.locator('.van-collapse-item__title', { hasText: '有差异' }).click()
  const received = page.getByLabel('实收', { exact: true })
  assert.equal(await received.inputValue(), '4')
  await page.getByText('1 桶 = 25 千克，合计 100 千克').first().waitFor()
  await page.getByRole('button', { name: '减少' }).first().click()
  assert.equal(await received.inputValue(), '3')
  await page.getByText('1 桶 = 25 千克，合计 75 千克').waitFor()
  await page.getByLabel('拒收', { exact: true }).fill('1')
  await page.getByText('破损').click()
  await assertAccessible(page)
  await snap(page, 'village-barrels')
  await page.getByRole('button', { name: '提交签收' }).click()
  await page.getByText('签收成功').waitFor()
  await page.locator('.van-cell', { hasText: '实收' }).getByText('3 桶').waitFor()
  const { node } = await graphql(
    `query($a: ID!) { node(id: $a) { ... on Allocation { receipt { receivedQuantity rejectedQuantity } } } }`,
    { a: id },
    charity,
  )
  assert.deepEqual(node.receipt, { receivedQuantity: '75', rejectedQuantity: '25' })
  await page.context().close()
})

test('the 已签收 tab lists the receipt, which opens with its QR code', async () => {
  await fixtures()
  const village = villages[5]
  const id = await sendBarrels(village, 2, 'E2E-V-HIS-1')
  const token = await tokenOf(`village-${village.code}`)
  await graphql(
    'mutation($a: ID!, $key: String!) { confirmReceipt(input: { allocationID: $a, idempotencyKey: $key }) { id } }',
    { a: id, key: crypto.randomUUID() },
    token,
  )
  const page = await villagePhone(village)
  await page.locator('.van-tabbar-item', { hasText: '已签收' }).click()
  await page.waitForURL('**/village/received')
  const row = page.locator('.van-cell', { hasText: '84消毒液 2 桶' })
  await row.getByText(/^签收单号 \S+ · \d{4}/).waitFor()
  await row.locator('.van-tag', { hasText: '已签收' }).waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'village-history')

  await row.click()
  await page.waitForURL(`**/allocations/${id}`)
  await page.getByRole('img', { name: '签收单二维码，扫码打开这份签收' }).waitFor()
  await assertAccessible(page)
  await snap(page, 'village-receipt')
  await page.context().close()
})
