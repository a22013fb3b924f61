// The charity office at work on the phone (harness.js): 120 barrels entered the way people
// count them, split over 武陵区's 128 villages with the office choosing who waits, the 8 left
// out chased by phone and sent the next delivery. The tests run in order and build on each other.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { assertAccessible, assertFitsPhone, choose, graphql, login, newPhone, snap, startMzdesk, tokenOf } from './harness.js'

startMzdesk()

let donationID
let lineID
let charity

async function phoneOf(username, home) {
  const page = await newPhone()
  await page.goto('/login')
  await login(page, username)
  await page.waitForURL(`**${home}`)
  return page
}

/** The names in the preview's list of villages that get nothing, sorted. */
async function waitingNames(page) {
  const group = page.locator('.waiting')
  await group.waitFor()
  return (await group.locator('.van-cell__title').allInnerTexts()).map((name) => name.trim()).sort()
}

test('a pack-first entry of 120 records 3000 kg: the unit is the barrel, and the sheet says 1 桶 = 25 千克', async () => {
  charity = await tokenOf('charity')
  const page = await phoneOf('charity', '/charity')
  await page.locator('.van-tabbar-item', { hasText: '新建' }).click()
  await page.waitForURL('**/charity/new')
  await choose(page, '捐赠方', '常德市子琳医疗科技有限公司')
  await page.getByLabel('物资', { exact: true }).click()
  await page.locator('.van-action-sheet__item').first().waitFor()
  await assertAccessible(page) // the picker open
  await page.locator('.van-action-sheet__item', { hasText: '84消毒液' }).click()
  await page.locator('.van-action-sheet').waitFor({ state: 'hidden' })
  assert.equal((await page.getByLabel('单位', { exact: true }).innerText()).trim(), '桶', 'an item with a pack defaults to it')
  await page.getByText('1 桶 = 25 千克').waitFor()
  await page.getByLabel('数量').fill('120')
  await page.getByText('120 桶 = 3000 千克').waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'charity-new-pack-first')

  await page.getByRole('button', { name: '保存捐赠' }).click()
  await page.waitForURL(/\/charity\/donations\/\d+$/)
  donationID = new URL(page.url()).pathname.split('/').at(-1)
  await page.getByText('120 桶', { exact: true }).waitFor()
  const { node } = await graphql(
    'query($id: ID!) { node(id: $id) { ... on Donation { lines { id quantity enteredQuantity enteredUnit } } } }',
    { id: donationID },
    charity,
  )
  assert.deepEqual(node.lines.map(({ quantity, enteredQuantity, enteredUnit }) => ({ quantity, enteredQuantity, enteredUnit })), [
    { quantity: '3000', enteredQuantity: '120', enteredUnit: 'PACK' },
  ])
  lineID = node.lines[0].id
  await page.context().close()
})

test('the office chooses who waits: by list the last 8, by population the 8 smallest, named before saving', async () => {
  const page = await phoneOf('charity', '/charity')
  await page.goto(`/charity/lines/${lineID}/allocate`)
  await page.getByText('武陵区全部村（居）').waitFor()
  await page.getByRole('radio', { name: '按名单顺序' }).waitFor()
  await page.getByRole('button', { name: '预览分配' }).click()
  await page.getByText('有 8 个村（居）分不到').waitFor()
  const byList = await waitingNames(page)
  assert.deepEqual(byList, ['示例社区121', '示例社区122', '示例社区123', '示例社区124', '示例社区125', '示例社区126', '示例社区127', '示例社区128'])

  await page.getByRole('radio', { name: '人口多的先分' }).click()
  assert.ok(await page.getByRole('button', { name: '确认分配' }).isDisabled(), 'a changed choice must be previewed again')
  await page.getByRole('button', { name: '预览分配' }).click()
  await page.getByText('有 8 个村（居）分不到').waitFor()
  const byPopulation = await waitingNames(page)
  const { orgUnits } = await graphql(
    '{ orgUnits(first: 200, where: { level: VILLAGE, pathHasPrefix: "430700/430702/" }) { edges { node { name population } } } }',
    {},
    charity,
  )
  const smallest = orgUnits.edges
    .map((edge) => edge.node)
    .sort((a, b) => a.population - b.population)
    .slice(0, 8)
    .map((village) => village.name)
    .sort()
  assert.deepEqual(byPopulation, smallest, 'by population the 8 least populous villages wait')
  assert.notDeepEqual(byPopulation, byList, 'choosing by population changes who waits')
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'charity-allocate-first-by-population')

  // Ticking villages first: the picker, checked by axe while open.
  await page.getByRole('radio', { name: '勾选的村（居）先分' }).click()
  await page.getByText('先分给这些村（居）').click()
  await page.locator('.van-popup .van-checkbox').first().waitFor()
  await assertAccessible(page)
  await page.locator('.van-popup').getByRole('button', { name: '完成' }).click()
  await page.getByRole('radio', { name: '人口多的先分' }).click()

  await page.getByRole('button', { name: '预览分配' }).click()
  await page.getByText('有 8 个村（居）分不到').waitFor()
  await page.getByRole('button', { name: '确认分配' }).click()
  await page.waitForURL(`**/charity/donations/${donationID}`)
  await page.getByText('84消毒液本批未分到（8）').waitFor()
  for (const name of smallest) await page.locator('.left-names', { hasText: name }).waitFor()
  await page.getByRole('button', { name: '发放已分配的 120 份' }).click()
  await page.locator('.van-dialog').getByRole('button', { name: '确认' }).click()
  await page.getByText('已发放 120 份，等待各村（居）签收。').waitFor()
  await page.locator('.van-dialog').waitFor({ state: 'hidden' }) // axe would read its fading text
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'charity-detail-left-out')
  await page.context().close()
})

test('the chase list shows the 8 left out and the 120 not signed, oldest first, with the committees’ phones', async () => {
  const page = await phoneOf('charity', '/charity')
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(`/charity/donations/${donationID}/progress`)
  await page.getByText('0/120 已签收').waitFor()
  await page.getByText('本批未分到：8 个，见下方催签收名单').waitFor()
  await page.getByText('催签收（128）').waitFor()
  const leftOut = page.locator('.chase .entry', { has: page.locator('.van-tag', { hasText: '本批未分到' }) })
  assert.equal(await leftOut.count(), 8)
  for (const row of await leftOut.all()) {
    const href = await row.getByRole('link', { name: /^拨打 0736-72\d{5}$/ }).getAttribute('href')
    assert.match(href, /^tel:073672\d{5}$/)
  }
  assert.equal(await page.locator('.chase .entry', { has: page.locator('.van-tag', { hasText: '待签收' }) }).count(), 120)
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'charity-chase-list', { fullPage: false })

  await leftOut.first().getByRole('button', { name: '复制提醒' }).click()
  await page.getByText('已复制提醒，可粘贴到微信或短信').waitFor()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  assert.match(copied, /村\(居\)委会：常德市子琳医疗科技有限公司捐赠的84消毒液本批不够每个村（居）一份.+下一批优先安排/)

  // One street: only its villages.
  await page.getByRole('button', { name: /^街道（乡镇）：/ }).click()
  await page.locator('.van-action-sheet__item').first().waitFor()
  await assertAccessible(page)
  await page.locator('.van-action-sheet__item', { hasText: '示例街道8（武陵区）' }).click()
  await page.getByText('催签收（16）').waitFor()
  const streets = await page.locator('.chase .entry .meta').allInnerTexts()
  assert.ok(streets.every((meta) => meta.startsWith('示例街道8（武陵区）')), 'only the chosen street')
  await snap(page, 'charity-chase-street', { fullPage: false })
  await page.context().close()
})

test('the next delivery goes to the 8 who waited, and they leave the list', async () => {
  const { createDonation } = await graphql(
    `mutation($in: CreateDonationInput!) { createDonation(input: $in) { id } }`,
    {
      in: {
        donorID: (await graphql('{ donors(first: 5) { edges { node { id name } } } }', {}, charity)).donors.edges.find(
          (edge) => edge.node.name === '常德市子琳医疗科技有限公司',
        ).node.id,
        donatedOn: '2020-03-01T00:00:00+08:00',
        lines: [{ itemID: (await graphql('{ items(first: 20) { edges { node { id name } } } }', {}, charity)).items.edges.find(
          (edge) => edge.node.name === '84消毒液',
        ).node.id, quantity: '8', unit: 'PACK' }],
      },
    },
    charity,
  )
  const page = await phoneOf('charity', '/charity')
  await page.goto(`/charity/donations/${donationID}`)
  await page.getByRole('button', { name: '下一批分给这 8 个村（居）' }).click()
  await page.waitForURL(/\/charity\/lines\/\d+\/allocate\?for=\d+$/)
  await page.getByText('已选 8 个').waitFor()
  await page.getByRole('button', { name: '预览分配' }).click()
  await page.getByText('8 个 · 各 1 桶').waitFor()
  await page.getByRole('button', { name: '确认分配' }).click()
  await page.waitForURL(`**/charity/donations/${createDonation.id}`)
  await page.goto(`/charity/donations/${donationID}`)
  await page.getByText('待分配 0 桶').waitFor()
  assert.equal(await page.locator('.left-out').count(), 0, 'nobody left out any more')
  await page.goto(`/charity/donations/${donationID}/progress`)
  await page.getByText('催签收（120）').waitFor()
  await page.context().close()
})

/** The number of pages in a PDF that Chromium printed. */
function pageCount(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length
}

let refused

test('the public trail row shows who signed, when, how much and why some was refused; search by initials; the check page', async () => {
  const { allocations } = await graphql(
    `query($d: ID!) { allocations(first: 200, where: { status: DISPATCHED, hasLineWith: [{ donationID: $d }] }) {
      edges { node { id village { code name } } } } }`,
    { d: donationID },
    charity,
  )
  refused = (allocations.edges.find((edge) => edge.node.village.name === '芷荷社区') ?? allocations.edges[0]).node
  await graphql(
    'mutation($in: ConfirmReceiptInput!) { confirmReceipt(input: $in) { id } }',
    { in: { allocationID: refused.id, receivedQuantity: '20', rejectedQuantity: '5', rejectReason: 'DAMAGED', idempotencyKey: `e2e-trail-${refused.id}` } },
    await tokenOf(`village-${refused.village.code}`),
  )
  const page = await newPhone()
  await page.goto(`/public/donations/${donationID}`)
  await page.getByText('常德市子琳医疗科技有限公司').first().waitFor()
  // Pinyin initials: 芷荷社区 → zhsq, 示例社区005 → slsq005.
  const initials = refused.village.name === '芷荷社区' ? 'zhsq' : `slsq${refused.village.name.slice(-3)}`
  // Typed once the SPA has mounted over the painted page: a fill that began on the painted box
  // and ended after it was replaced would type into nothing (what is typed before is handed
  // over, src/shell.test.ts).
  await page.locator('[data-shell]').waitFor({ state: 'detached' })
  await page.getByRole('searchbox').fill(initials)
  await page.getByText('找到 1 个').waitFor()
  const row = page.locator('a.row', { hasText: refused.village.name })
  const signed = row.locator('.signed')
  await signed.waitFor()
  assert.match(
    (await signed.innerText()).replace(/\s+/g, ' '),
    new RegExp(`^${refused.village.name}村\\(居\\)委会 \\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2} 签收 · 实收 20 千克（40 斤）$`),
  )
  await row.getByText('拒收 5 千克（10 斤），原因：破损').waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'public-trail-search')

  await row.click()
  await page.waitForURL(`**/public/receipts/${refused.id}`)
  await page.locator('.van-cell', { hasText: '签收单位' }).getByText(`${refused.village.name}村(居)委会`).waitFor()
  await page.locator('.van-cell', { hasText: '签收时间' }).locator('.van-cell__value').waitFor()
  await page.locator('.van-cell', { hasText: '签收单号' }).locator('.van-cell__value').waitFor()
  await page.locator('.van-cell', { hasText: '拒收' }).getByText('5 千克（10 斤），原因：破损').waitFor()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'public-receipt-check')

  // Share-friendly: a description and Open Graph title and image; robots.txt opens only the public pages.
  const html = await (await fetch(new URL('/public', page.url()))).text()
  assert.match(html, /<meta name="description" content="[^"]*捐赠[^"]*"/)
  assert.match(html, /<meta property="og:title" content="[^"]+"/)
  assert.match(html, /<meta property="og:image" content="\/icon-512\.png"/)
  const robots = await (await fetch(new URL('/robots.txt', page.url()))).text()
  assert.match(robots, /^Allow: \/public$/m)
  assert.match(robots, /^Allow: \/certificates\/$/m)
  assert.match(robots, /^Disallow: \/$/m)
  await page.context().close()
})

test('the certificate names the office, the date and the public trail, with its QR codes, on one A4 page', async () => {
  const { node } = await graphql('query($id: ID!) { node(id: $id) { ... on Donation { certificatePath } } }', { id: donationID }, charity)
  const page = await newPhone()
  await page.goto(node.certificatePath)
  await page.getByRole('heading', { name: '捐赠证书' }).waitFor()
  await page.getByText('常德市民政局慈善办公室').waitFor()
  await page.getByText(/\d{4}年\d{1,2}月\d{1,2}日/).first().waitFor()
  const trail = page.getByRole('link', { name: new RegExp(`/public/donations/${donationID}$`) })
  assert.equal(await trail.count(), 1, 'a link to the public trail')
  assert.equal(await page.locator('.verify .qr').count(), 2, 'the trail QR and the verification QR')
  await assertAccessible(page)
  await snap(page, 'certificate')
  const pdf = await page.pdf({ format: 'A4', printBackground: true })
  assert.equal(pageCount(pdf), 1, 'the certificate prints on one A4 page')
  await page.context().close()
})

test('the per-village slips print four to an A4 page, each with the item in barrels and kilograms and a QR', async () => {
  const page = await phoneOf('charity', '/charity')
  await page.goto(`/charity/donations/${donationID}`)
  const [slips] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: '打印分村签收单' }).click()])
  await slips.waitForURL(/^blob:/)
  await slips.locator('.slip').first().waitFor()
  const count = await slips.locator('.slip').count()
  assert.equal(count, 120, 'one slip per village that was sent a barrel')
  const first = slips.locator('.slip').first()
  await first.getByText('数量：1 桶（25 千克）').waitFor()
  await first.getByText('签收人（签字）：').waitFor()
  await first.getByText('签收日期：').waitFor()
  assert.equal(await first.locator('.qr').count(), 1)
  await assertAccessible(slips)
  await snap(slips, 'charity-slips', { fullPage: false })
  const pdf = await slips.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
  assert.equal(pageCount(pdf), Math.ceil(count / 4), 'four slips to a page')
  await slips.close()
  await page.context().close()
})

test('the bureau sees the donations on its dashboard: by item, by county, each donation’s progress and the open dispute', async () => {
  const page = await phoneOf('bureau', '/bureau')
  const section = page.locator('section.donations')
  await section.getByRole('heading', { name: '捐赠物资' }).waitFor()
  // 120 + 8 barrels and the demo's 200 斤 to the enterprise: 3300 kg, 132 barrels.
  await section.locator('.van-cell', { hasText: '84消毒液' }).getByText('132 桶').waitFor()
  await section.locator('.van-cell', { hasText: '武陵区' }).getByText(/^\d+\/128 已签收$/).waitFor()
  await section.getByText('各批捐赠进度（待处理差异 1）').waitFor()
  await section.getByText('待处理的差异 1 个').waitFor()
  await section.scrollIntoViewIfNeeded()
  await assertFitsPhone(page)
  await assertAccessible(page)
  await snap(page, 'bureau-donations')
  await page.context().close()
})

test('the app installs on Android: PNG icons of 192 and 512 pixels and a maskable one', async () => {
  const page = await newPhone()
  await page.goto('/public')
  const href = await page.locator('link[rel="manifest"]').getAttribute('href')
  const manifest = await (await fetch(new URL(href, page.url()))).json()
  const png = manifest.icons.filter((icon) => icon.type === 'image/png')
  assert.deepEqual(
    png.map((icon) => `${icon.sizes} ${icon.purpose}`).sort(),
    ['192x192 any', '512x512 any', '512x512 maskable'],
  )
  for (const icon of png) {
    const bytes = Buffer.from(await (await fetch(new URL(icon.src, page.url()))).arrayBuffer())
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG')
    const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]
    assert.equal(`${width}x${height}`, icon.sizes, `${icon.src} is as big as it says`)
  }
  await page.context().close()
})
