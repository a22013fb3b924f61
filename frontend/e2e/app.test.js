// End to end: the real mzdesk binary serving the built SPA to Chromium at phone size
// (harness.js). Build both first (`make build`); MZ_BIN points at another binary.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import {
  assertAccessible,
  assertFitsPhone,
  choose,
  graphql,
  login,
  newPhone,
  snap,
  startMzdesk,
  tabLabels,
  tokenOf,
} from './harness.js'

startMzdesk()

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
  await page.getByText('安乡县民政局').waitFor()
  await page.waitForTimeout(500)
  const operations = graphqlRequests.map((request) => request.postDataJSON().operationName).sort()
  assert.deepEqual(operations, ['Donations', 'Login', 'Viewer'], 'each query of the first screen once, no more')
  assert.deepEqual(await tabLabels(page), ['捐赠', '新建', '我的'])
  await assertFitsPhone(page)
  await snap(page, 'charity-home')

  await page.reload()
  await page.getByText('安乡县民政局').waitFor()

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
  assert.deepEqual(await tabLabels(page), ['待签收', '已签收', '帮扶', '我的'])
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
  // The demo data's one donation: 安乡县民政局's supplies to an enterprise back at work.
  await page.getByText('安乡县民政局').waitFor()
  await page.getByText('84消毒液 200 斤').waitFor()
  assert.equal(new URL(page.url()).pathname, '/public')
  await assertFitsPhone(page)
  // The audit chain's fingerprint of today, for anyone to note and check later.
  await page.getByText('防篡改核对').click()
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date())
  await page.getByText(new RegExp(`^${today} · 共 \\d+ 条记录$`)).waitFor()
  assert.match(await page.locator('.chain code').first().innerText(), /^[0-9a-f]{64}$/)
  await assertAccessible(page)
  await snap(page, 'public-demo')

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
  await page.locator('.van-dialog').waitFor({ state: 'hidden' })
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
  await delivery.getByText(/^常德市子琳医疗科技有限公司 · 收据号 /).waitFor()
  assert.equal(await delivery.count(), 1, 'only what goes to 芷荷社区')
  await assertFitsPhone(page)
  await snap(page, 'village-to-receive')

  await delivery.click()
  await page.waitForURL(/\/allocations\/\d+$/)
  await page.getByText(/^23\.43[78] 千克$/).waitFor()
  await page.getByText('芷荷社区').waitFor()
  await page.locator('.van-cell', { hasText: '捐赠方' }).getByText('常德市子琳医疗科技有限公司').waitFor()
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
  const zhiheRow = page.locator('a.row', { hasText: '芷荷社区' })
  await zhiheRow.locator('.van-tag', { hasText: '已签收' }).waitFor()
  assert.equal(await page.locator('a.row .van-tag', { hasText: '待签收' }).count(), 127)
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
  // The address on sheets printed before institutions could sign still opens the confirm page.
  await page.goto(`/village/allocations/${allocationID}`)
  await page.waitForURL((url) => url.pathname === `/allocations/${allocationID}`)
  await page.getByRole('button', { name: '全部收到' }).waitFor()

  await page.context().setOffline(true)
  await page.getByRole('button', { name: '全部收到' }).click()
  await page.getByText('已保存，待发送：网络恢复后自动发送').waitFor()
  await snap(page, 'village-offline-waiting')

  await page.goto('/village')
  await page.getByText('待发送的签收').waitFor()
  await page.getByText(/^没有网络，显示的是 .+ 获取的内容$/).waitFor()
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
      receipts(first: 10, where: { allocationID: $a }) { totalCount edges { node { id } } }
    }`,
    { a: allocationID },
    charity,
  )
  assert.equal(check.node.status, 'RECEIVED')
  assert.equal(check.receipts.totalCount, 1, 'exactly one receipt for the allocation')
  assert.equal(again.confirmReceipt.id, check.receipts.edges[0].node.id)
  await page.context().close()
})

// Epidemic control, as in the 2020 report: 三阳港镇敬老院 files its 2+1+1 report, the first
// supervision group drops in unannounced and raises a problem, the bureau watches it on its
// dashboard until the home has put it right.

/** A logged-in phone of `username`, on its home. */
async function phoneOf(username, home) {
  const page = await newPhone()
  await page.goto('/login')
  await login(page, username)
  await page.waitForURL(`**${home}`)
  return page
}

test('the institution files today’s report from yesterday’s, learns why one full disinfection fails, and refiles 2+1+1', async () => {
  const page = await phoneOf('institution', '/institution')
  assert.deepEqual(await tabLabels(page), ['日报', '待签收', '整改', '我的'])
  await page.getByText(/^已按.+的日报预填，核对后提交即可。$/).waitFor()
  const full = page.getByLabel('全面消毒', { exact: true })
  assert.equal(await full.inputValue(), '2', 'yesterday’s two full disinfections')
  assert.equal(await page.getByLabel('口罩（只）', { exact: true }).inputValue(), '200')
  assert.equal(await page.getByLabel('消毒液').inputValue(), '50')
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'institution-report', { fullPage: false })
  await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight }))
  await snap(page, 'institution-report-end', { fullPage: false })

  await page.getByRole('button', { name: '减少全面消毒' }).click()
  assert.equal(await full.inputValue(), '1')
  await page.getByRole('button', { name: '提交今日日报' }).click()
  await page.getByText('今日日报不合格').waitFor()
  await page.getByText('全面消毒 1 次，少于每日 2 次').waitFor()
  await snap(page, 'institution-report-not-compliant', { fullPage: false })

  await page.getByRole('button', { name: '增加全面消毒' }).click()
  await page.getByRole('button', { name: '添加返院人员' }).click()
  await page.getByLabel('称呼').fill('李奶奶')
  await snap(page, 'institution-report-returnee', { fullPage: false })
  await page.getByRole('button', { name: '重新提交今日日报' }).click()
  await page.getByText('今日日报合格').waitFor()
  await page.getByText('当前为第 2 版。').waitFor()
  assert.equal(await page.getByText('全面消毒 1 次，少于每日 2 次').count(), 0)
  await snap(page, 'institution-report-compliant', { fullPage: false })
  await page.context().close()
})

test('an inspector records an unannounced inspection of 三阳港镇敬老院 with one problem', async () => {
  const page = await phoneOf('inspector', '/inspector')
  assert.deepEqual(await tabLabels(page), ['机构', '问题', '我的'])
  const home = page.locator('.institution', { hasText: '三阳港镇敬老院' })
  await home.getByText(/日报合格$/).waitFor()
  await page.locator('.institution', { hasText: '桃源县救助管理站' }).waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'inspector-institutions')

  await home.click()
  await page.waitForURL(/\/inspector\/institutions\/\d+\/inspect$/)
  assert.ok(await page.getByRole('switch', { name: /四不两直/ }).isChecked(), 'unannounced unless said otherwise')
  await page.getByRole('button', { name: '增加每日消毒次数' }).click()
  await page.getByRole('button', { name: '增加每日消毒次数' }).click()
  await page.getByRole('button', { name: '增加每日测温次数' }).click()
  for (const check of ['生活物资采买方式稳妥', '已暂停探视', '物资在安全线外交接']) {
    await page.getByText(check).click()
  }
  assert.ok(await page.getByRole('switch', { name: '已暂停探视' }).isChecked())
  assert.ok(!(await page.getByRole('switch', { name: '返院人员隔离到位' }).isChecked()))
  await page.getByLabel('发现情况').fill('询问每日消毒、测温次数及生活物资采买方式。')
  await page.getByRole('button', { name: '发现问题，添加一条' }).click()
  await page.getByLabel('问题描述').fill('返院老人隔离室没有标识')
  await page.getByRole('radio', { name: '严重' }).click()
  await page.getByLabel('整改负责人').fill('张院长')
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'inspector-inspection')

  await page.getByRole('button', { name: '提交督导记录（1 个问题）' }).click()
  await page.getByText('督导记录已保存').waitFor()
  await page.getByText('提出 1 个问题，已交机构整改。').waitFor()
  await page.getByRole('button', { name: '查看待整改问题' }).click()
  await page.waitForURL('**/inspector/problems')
  const problem = page.locator('.problem', { hasText: '返院老人隔离室没有标识' })
  await problem.getByText('三阳港镇敬老院').waitFor()
  await problem.locator('.van-tag', { hasText: '严重' }).waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'inspector-problems')
  await page.context().close()
})

/** The figure on the bureau dashboard's tile named `label`. */
async function tile(page, label) {
  return (await page.locator('.tile', { hasText: label }).locator('dd').first().innerText()).trim()
}

test('the bureau sees the open problem on its dashboard until the institution has put it right', async () => {
  const bureau = await phoneOf('bureau', '/bureau')
  assert.deepEqual(await tabLabels(bureau), ['看板', '执勤', '关爱', '救助', '我的'])
  await bureau.locator('.chart svg').first().waitFor()
  assert.equal(await tile(bureau, '待整改问题'), '1')
  assert.equal(await tile(bureau, '今日已报'), '1/7')
  assert.equal(await tile(bureau, '日报合格率'), '100%')
  await bureau.getByText('今日未报的机构（6）').waitFor()
  await assertFitsPhone(bureau)
  await assertAccessible(bureau)
  await snap(bureau, 'bureau-dashboard')

  const institution = await phoneOf('institution', '/institution')
  await institution.locator('.van-tabbar-item', { hasText: '整改' }).click()
  await institution.waitForURL('**/institution/problems')
  const problem = institution.locator('.problem', { hasText: '返院老人隔离室没有标识' })
  await problem.getByRole('button', { name: '开始整改' }).click()
  await problem.locator('.van-tag', { hasText: '整改中' }).waitFor()
  await assertFitsPhone(institution)
  await assertAccessible(institution)
  await snap(institution, 'institution-problems')
  await problem.getByRole('button', { name: '整改完成' }).click()
  const dialog = institution.locator('.van-dialog')
  await dialog.getByRole('button', { name: '整改完成' }).click()
  await dialog.getByText('请写明怎样整改的').waitFor()
  await dialog.getByLabel('怎样整改的').fill('已为隔离室设置标识，并培训值班人员')
  await dialog.getByRole('button', { name: '整改完成' }).click()
  await problem.getByText(/整改完成：已为隔离室设置标识/).waitFor()
  await snap(institution, 'institution-problem-resolved')
  await institution.context().close()

  await bureau.reload()
  await bureau.locator('.chart svg').first().waitFor()
  assert.equal(await tile(bureau, '待整改问题'), '0')
  await bureau.context().close()
})

test('the bureau sees today’s roster at 芷荷社区 with 3 cadres, puts a fourth on duty, and reads the care summary', async () => {
  const page = await phoneOf('bureau', '/bureau')
  await page.locator('.van-tabbar-item', { hasText: '执勤' }).click()
  await page.waitForURL('**/bureau/duty**')
  const zhiheRoster = page.locator('.van-cell-group', { has: page.locator('.van-cell__title', { hasText: '徐力' }) })
  await page.getByText('芷荷社区 · 3 名干部').waitFor()
  assert.equal(await zhiheRoster.locator('.van-cell').count(), 3)
  await page.getByText('武陵区 3 人').waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'bureau-duty')

  await page.getByRole('button', { name: '安排执勤' }).click()
  await page.waitForURL('**/bureau/duty/new**')
  await choose(page, '干部', '示例联络员（安乡县民政局）')
  await page.getByLabel('村（社区）').click()
  await page.getByRole('searchbox').fill('芷荷')
  await page.locator('.van-popup .van-cell', { hasText: '芷荷社区' }).click()
  await page.getByRole('radio', { name: '巡逻' }).click()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'bureau-duty-new')
  await page.getByRole('button', { name: '保存执勤安排' }).click()
  await page.waitForURL(/\/bureau\/duty\?day=/)
  await page.getByText('芷荷社区 · 4 名干部').waitFor()

  await page.locator('.van-tabbar-item', { hasText: '关爱' }).click()
  await page.waitForURL('**/bureau/care')
  const hubei = page.locator('.van-cell', { hasText: '示例援鄂队员甲' })
  await hubei.getByText('1 次').waitFor()
  await hubei.getByText(/已逾期$/).waitFor()
  assert.equal(await page.getByText('身体状况良好').count(), 0, 'no care notes for the bureau')
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'bureau-care')
  await page.context().close()
})

test('the care officer calls 示例援鄂队员甲, who was overdue, and the overdue entry is gone', async () => {
  const page = await phoneOf('care', '/care')
  assert.deepEqual(await tabLabels(page), ['关爱', '干部', '我的'])
  const entry = page.locator('.follow-up', { hasText: '示例援鄂队员甲' })
  await entry.getByText(/^逾期 \d+ 天$/).waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'care-follow-ups')

  await entry.getByRole('button', { name: '关爱记录' }).click()
  await page.waitForURL(/\/care\/staff\/\d+$/)
  await page.getByText('每 7 天回访一次').waitFor()
  await page.getByText('（示例）电话回访：身体状况良好，家中老人由社区照看。').waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'care-person')

  await page.locator('.person').getByRole('button', { name: '电话回访' }).click()
  await page.waitForURL(/\/care\/staff\/\d+\/follow-up$/)
  assert.ok(await page.getByRole('radio', { name: '电话回访' }).isChecked(), 'a phone follow-up unless changed')
  assert.match(await page.getByLabel('下次回访').inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'the care plan suggests the next one')
  await page.getByRole('checkbox', { name: '心理健康' }).click()
  await page.getByRole('checkbox', { name: '自身安全' }).click()
  await page.getByLabel('情况记录').fill('电话回访：已返常休整，情绪平稳。')
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'care-follow-up-form')
  await page.getByRole('button', { name: '保存关爱记录' }).click()

  await page.waitForURL(/\/care\/staff\/\d+$/)
  await page.getByText('关爱记录（2）').waitFor()
  const newest = page.locator('.record').first()
  await newest.getByText('电话回访：已返常休整，情绪平稳。').waitFor()
  await newest.getByText('心理健康').waitFor()
  await newest.getByText('自身安全').waitFor()

  await page.locator('.van-tabbar-item', { hasText: '关爱' }).click()
  await page.waitForURL('**/care')
  await page.getByText('今天没有到期的回访').waitFor()
  assert.equal(await page.locator('.follow-up').count(), 0)

  await page.locator('.van-tabbar-item', { hasText: '干部' }).click()
  await page.waitForURL('**/care/staff')
  await page.locator('.van-cell', { hasText: '徐力' }).waitFor()
  await page.getByRole('button', { name: '援鄂', exact: true }).click()
  await page.locator('.van-cell', { hasText: '徐力' }).waitFor({ state: 'hidden' })
  assert.equal(await page.locator('.van-cell').count(), 1)
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'care-staff')
  await page.context().close()
})

test('the charity office settles a short receipt, saves the CSV, prints the delivery sheet and opens the certificate', async () => {
  // A village signs for 20 kg of its 23.43x: a dispute opens for the charity office.
  const charity = await tokenOf('charity')
  const { allocations } = await graphql(
    `query($d: ID!) {
      allocations(first: 1, where: { status: DISPATCHED, hasLineWith: [{ donationID: $d }] }) {
        edges { node { id village { code name } } }
      }
    }`,
    { d: donationID },
    charity,
  )
  const short = allocations.edges[0].node
  await graphql(
    'mutation($input: ConfirmReceiptInput!) { confirmReceipt(input: $input) { id } }',
    {
      input: {
        allocationID: short.id,
        receivedQuantity: '20',
        rejectReason: 'SHORT',
        note: '只收到 20 千克',
        idempotencyKey: `e2e-short-${short.id}`,
      },
    },
    await tokenOf(`village-${short.village.code}`),
  )

  const page = await phoneOf('charity', '/charity')
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  await page.goto(`/charity/donations/${donationID}`)
  const dispute = page.locator('.dispute', { hasText: short.village.name })
  await page.getByText('待处理的差异（1）').waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'charity-donation-papers')

  // All 120 barrels are allocated: nothing is left to send again, so 补发 is not offered, and
  // the dialog says why in Chinese.
  await dispute.getByRole('button', { name: '处理' }).click()
  const dialog = page.locator('.van-dialog')
  await dialog.getByLabel('处理结果').fill('核实为运输途中短少，已向承运方追回')
  await dialog.getByText('这项物资已全部分配，没有可补发的数量；如需补足，请在下一批捐赠中分配。').waitFor()
  assert.equal(await dialog.getByRole('switch', { name: /补发/ }).count(), 0, '补发 is offered only when something is left')
  assert.doesNotMatch(await dialog.innerText(), /[A-Za-z]{3,}/, 'no English in the Chinese dialog')
  // axe reads colours as drawn: wait until the dialog has faded fully in.
  await dialog.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)))
  await assertAccessible(page)
  await snap(page, 'charity-dispute-settle', { fullPage: false })
  await dialog.getByRole('button', { name: '处理完毕' }).click()
  await page.getByText(`已处理${short.village.name}的差异。`).waitFor()
  await page.getByText('待处理的差异（0）').waitFor()
  // The settled dispute stays on the donation as its history.
  const settled = page.locator('.dispute.resolved', { hasText: short.village.name })
  await settled.getByText(/核实为运输途中短少，已向承运方追回/).waitFor()
  await settled.getByText(/只收到 20 千克|短少|20/).first().waitFor()
  await dialog.waitFor({ state: 'hidden' }) // axe would read its fading text
  await assertAccessible(page)

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()])
  assert.match(download.suggestedFilename(), /^donation-.+\.csv$/)
  const csv = readFileSync(await download.path(), 'utf8')
  assert.ok(csv.includes('芷荷社区'), 'the CSV lists the recipients')

  const [sheet] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: '打印签收单' }).click()])
  await sheet.waitForURL(/^blob:/)
  await sheet.getByRole('heading', { name: '捐赠物资签收单' }).waitFor()
  await sheet.getByText('芷荷社区').waitFor()
  await snap(sheet, 'charity-delivery-sheet', { fullPage: false })
  await sheet.close()

  const [certificate] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: '捐赠证书' }).click()])
  await certificate.getByRole('heading', { name: '捐赠证书' }).waitFor()
  const certificateURL = new URL(certificate.url())
  assert.match(certificateURL.pathname, /^\/certificates\/[A-Za-z0-9_-]{22}$/, 'the certificate is named by its public token, not the donation id')
  assert.match(certificateURL.search, /^\?code=[0-9A-F]{16}$/, 'the charity office opens it with its check code')
  await snap(certificate, 'charity-certificate')
  await page.context().close()
})

test('the bureau reads the relief totals: 5.16亿元 pre-allocated, 1800万元 of temporary assistance', async () => {
  const page = await phoneOf('bureau', '/bureau')
  await page.locator('.van-tabbar-item', { hasText: '救助' }).click()
  await page.waitForURL('**/bureau/relief')
  const tile = (label) => page.locator('.tile', { has: page.locator('dt', { hasText: label }) }).locator('dd')
  assert.equal(await tile('预拨资金').innerText(), '5.16亿元')
  assert.equal(await tile('临时救助金额').innerText(), '1800万元')
  assert.equal(await tile('临时救助人次').innerText(), '19,000 人次')
  await page.locator('.chart svg').nth(1).waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'bureau-relief')
  await page.context().close()
})

test('the bureau imports the empty template back and is told which row and column are wrong', async () => {
  const page = await phoneOf('bureau', '/bureau')
  await page.goto('/bureau/relief')
  const href = await page.getByRole('link', { name: '下载表格模板' }).getAttribute('href')
  const bytes = await page.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], href)
  await page.locator('input[type=file]').setInputFiles({
    name: 'relief-template.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(bytes),
  })
  const refused = page.locator('.refused')
  await refused.getByText('表格没有导入').waitFor()
  await refused.getByText(/^第2行 区县：/).waitFor()
  await assertFitsPhone(page)
  await snap(page, 'bureau-relief-refused', { fullPage: false })
  await page.context().close()
})

test('the bureau opens 安乡县通元铸造有限公司: its liaison officer, the visit and 200 斤 of 84消毒液', async () => {
  const page = await phoneOf('bureau', '/bureau')
  await page.goto('/bureau/relief')
  await page.locator('.van-cell', { hasText: '复工企业' }).click()
  await page.waitForURL('**/bureau/enterprises')
  await page.locator('.van-cell', { hasText: '安乡县通元铸造有限公司' }).click()
  await page.waitForURL(/\/bureau\/enterprises\/\d+$/)
  await page.getByText('示例联络员（安乡县民政局）').waitFor()
  await page.locator('.supply', { hasText: '84消毒液' }).getByText('200 斤').waitFor()
  const visit = page.locator('.visit').first()
  for (const action of ['宣传政策', '指导消杀', '协助采购', '测温']) await visit.getByText(action, { exact: true }).waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'bureau-enterprise')

  await page.getByRole('checkbox', { name: '测温' }).click()
  await page.getByLabel('情况记录').fill('复查员工体温，均正常。')
  await page.getByRole('button', { name: '保存走访记录' }).click()
  await page.getByText('走访记录（2）').waitFor()
  await page.getByText('复查员工体温，均正常。').waitFor()
  await page.context().close()
})

test('the bureau records 12 stranded travellers at 武陵区, 5 from Hubei, given lodging and meals', async () => {
  const page = await phoneOf('bureau', '/bureau')
  await page.locator('.van-tabbar-item', { hasText: '救助' }).click()
  await page.waitForURL('**/bureau/relief')
  // A row that opens a screen answers Enter, as a button would.
  await page.locator('.van-cell', { hasText: '滞留人员救助' }).focus()
  await page.keyboard.press('Enter')
  await page.waitForURL('**/bureau/travellers')
  const total = page.locator('.summary .total')
  const before = Number((await total.innerText()).replace(/\D/g, ''))

  await page.getByRole('button', { name: '记录救助' }).click()
  await page.waitForURL('**/bureau/travellers/new')
  // The county from the keyboard: its field takes the focus, and Enter opens the sheet.
  await page.getByLabel('区县', { exact: true }).focus()
  await page.keyboard.press('Enter')
  await page.locator('.van-action-sheet__item', { hasText: '武陵区' }).click()
  await page.getByRole('button', { name: '区县 武陵区' }).waitFor()
  await page.getByLabel('救助人数').fill('12')
  // Leaving a field checks it, and the message it shows moves what is below: tab out and wait.
  const hubei = page.getByLabel('其中来自湖北')
  await hubei.fill('13')
  await hubei.press('Tab')
  await page.getByText('来自湖北的人数不能多于救助人数').waitFor()
  await hubei.fill('5')
  await hubei.press('Tab')
  await page.getByText('来自湖北的人数不能多于救助人数').waitFor({ state: 'hidden' })
  // A checkbox from the keyboard: Space ticks it.
  await page.getByRole('checkbox', { name: '住宿' }).focus()
  await page.keyboard.press('Space')
  await page.getByRole('checkbox', { name: '住宿', checked: true }).waitFor()
  await page.getByRole('checkbox', { name: '饮食' }).click()
  await page.getByLabel('情况记录').fill('安排在救助站住宿，每日三餐。')
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'travellers-form')
  await page.getByRole('button', { name: '保存救助记录' }).click()
  await page.waitForURL(/\/bureau\/travellers$/)

  const entry = page.locator('.aid', { hasText: '安排在救助站住宿，每日三餐。' })
  await entry.getByText('12 人，其中湖北 5 人').waitFor()
  await entry.getByText('武陵区').waitFor()
  for (const help of ['住宿', '饮食']) await entry.getByText(help, { exact: true }).waitFor()
  assert.equal(await total.innerText(), `已救助 ${before + 12} 人`)
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'travellers-list')
  await page.context().close()
})

test('芷荷社区 sees 示例·刘奶奶 overdue, taps 已探视, and she is no longer overdue', async () => {
  // The demo data's last visit to 刘奶奶 was three days ago, on a daily schedule.
  const page = await phoneOf('village-430702001001', '/village')
  await page.locator('.van-tabbar-item', { hasText: '帮扶' }).click()
  await page.waitForURL('**/village/care')
  const liu = page.locator('.case', { hasText: '示例·刘奶奶' })
  await liu.getByText(/^逾期 \d+ 天$/).waitFor()
  await liu.getByText('家人隔离：子女在外隔离').waitFor()
  await page.locator('.case', { hasText: '示例·小明' }).getByText('儿童', { exact: true }).waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'village-care')

  await liu.getByLabel('探视备注').fill('老人身体好，已送菜。')
  await liu.getByRole('button', { name: '已探视 示例·刘奶奶' }).click()
  await page.getByText('已记录探视：示例·刘奶奶').waitFor()
  await liu.getByText(/^逾期/).waitFor({ state: 'hidden' })
  await liu.getByText('按时').waitFor()
  await liu.getByText(/^上次探视：/).waitFor()
  await snap(page, 'village-care-checked')
  await page.context().close()
})

test('三阳港镇敬老院 finds the 25 kg the charity office sent it under 待签收 and confirms it', async () => {
  const charity = await tokenOf('charity')
  const { donors, items, institutions } = await graphql(
    `{
      donors(first: 1, where: { name: "常德市子琳医疗科技有限公司" }) { edges { node { id } } }
      items(first: 1, where: { name: "84消毒液" }) { edges { node { id } } }
      institutions(first: 1, where: { name: "三阳港镇敬老院" }) { edges { node { id } } }
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
        purpose: '敬老院防疫',
        receiptNo: 'E2E-JYY-1',
        lines: [{ itemID: items.edges[0].node.id, quantity: '100', unit: 'KG' }],
      },
    },
    charity,
  )
  // A part of the line, the rest kept back for later.
  const { allocateDonation } = await graphql(
    `mutation($line: ID!, $home: ID!) {
      allocateDonation(input: { lineID: $line, method: MANUAL, shares: [{ recipientID: $home, quantity: "25", unit: KG }] }) {
        allocations { id }
      }
    }`,
    { line: createDonation.lines[0].id, home: institutions.edges[0].node.id },
    charity,
  )
  const ids = allocateDonation.allocations.map((allocation) => allocation.id)
  assert.equal(ids.length, 1)
  await graphql('mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }', { ids }, charity)

  const page = await phoneOf('institution', '/institution')
  await page.locator('.van-tabbar-item', { hasText: '待签收' }).click()
  await page.waitForURL('**/institution/receive')
  await page.getByText('三阳港镇敬老院').waitFor()
  const delivery = page.locator('.van-cell', { hasText: 'E2E-JYY-1' })
  await delivery.getByText('84消毒液 25 千克', { exact: true }).waitFor()
  await delivery.locator('.van-tag', { hasText: '待签收' }).waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'institution-to-receive')

  await delivery.click()
  await page.waitForURL(`**/allocations/${ids[0]}`)
  await page.locator('.van-cell', { hasText: '收货单位' }).getByText('三阳港镇敬老院').waitFor()
  assert.equal(await page.locator('.van-tabbar-item--active').innerText(), '待签收')
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'institution-allocation')

  await page.getByRole('button', { name: '全部收到' }).click()
  await page.getByText('签收成功').waitFor()
  await page.locator('.what .van-tag', { hasText: '已签收' }).waitFor()
  await snap(page, 'institution-allocation-confirmed')

  await page.locator('.van-nav-bar').getByText('返回').click()
  await page.waitForURL('**/institution/receive')
  await page.locator('.van-cell', { hasText: 'E2E-JYY-1' }).waitFor({ state: 'detached' })
  const { node } = await graphql('query($a: ID!) { node(id: $a) { ... on Allocation { status } } }', { a: ids[0] }, charity)
  assert.equal(node.status, 'RECEIVED')
  await page.context().close()
})
