// One language at a time: every route of the SPA, opened as each role that may open it, in
// Chinese and in English, fails on a word of the other language in what the screen shows
// (its text, placeholders, labels read aloud, image descriptions). Names are not words of
// the UI: every string the server sent the page as data (an item, a village, a donor, an
// account, a note someone typed) is taken out before the check, and so are the few codes
// that stay as they are in both languages. Error paths too: a refused login and a refused
// care case, whose server message (English) must reach a Chinese screen in Chinese words.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { graphql, newPhone, password, startMzdesk, tokenOf } from './harness.js'

startMzdesk()

/**
 * Latin that a Chinese screen may show: the login page's demo password, QR, ID, the formats
 * a donation's ledger is exported in (Excel, CSV), the language
 * switch, which names English in its own words, and the pinyin initials the village search
 * takes (zhsq finds 芷荷社区).
 */
const latinAllowed = new Set(['demo-2020', 'QR', 'ID', 'Excel', 'CSV', 'English', 'zhsq'])
/** Chinese an English screen may show: the language switch, which names Chinese in its own words. */
const hanAllowed = new Set(['中文'])

const latinWord = /[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*/g
/** Han characters and Chinese punctuation (，。：（）“” and the like). */
const chinese = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff60]+/g

/** What the screen shows a person, and what it tells a screen reader. */
async function shownText(page) {
  return page.evaluate(() => {
    const parts = [document.body.innerText]
    for (const element of document.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
      if (!element.checkVisibility()) continue
      for (const attribute of ['placeholder', 'aria-label', 'title', 'alt']) {
        const value = element.getAttribute(attribute)
        if (value) parts.push(value)
      }
    }
    return parts.join('\n')
  })
}

/** Every string value under `data` of a GraphQL answer (names, notes, codes), not enum values. */
function dataStrings(value, into) {
  if (typeof value === 'string') {
    // An enum value shown as it is (DISPATCHED) is a word the UI forgot to translate, not a name.
    if (value.trim() && !/^[A-Z][A-Z0-9_]*$/.test(value)) into.add(value)
  } else if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) dataStrings(inner, into)
  }
}

/**
 * A phone in `locale` (as chosen on the login page and remembered), optionally already logged
 * in with `session`, that records the data strings of every GraphQL answer it receives.
 */
async function phoneIn(locale, session) {
  const page = await newPhone({ locale })
  await page.context().addInitScript(
    ([locale, session]) => {
      localStorage.setItem('mzdesk.locale', locale)
      if (session && !sessionStorage.getItem('mzdesk.e2e.seeded')) {
        localStorage.setItem('mzdesk.session', session)
        sessionStorage.setItem('mzdesk.e2e.seeded', '1')
      }
    },
    [locale, session ? JSON.stringify(session) : null],
  )
  const names = new Set()
  if (session) dataStrings(session, names)
  page.on('response', async (response) => {
    // A page the server painted brings its data with it: the answers in <script id="painted">.
    if (response.request().resourceType() === 'document') {
      const painted = /<script type="application\/json" id="painted">(.*?)<\/script>/s.exec(await response.text().catch(() => ''))
      for (const { data } of painted ? JSON.parse(painted[1]) : []) dataStrings(data, names)
      return
    }
    if (!response.url().endsWith('/graphql')) return
    try {
      dataStrings((await response.json()).data, names)
    } catch {
      // Not JSON (a network failure): nothing to learn from it.
    }
  })
  return { page, names }
}

/** Waits until the screen has its data: no request in flight, no spinner. */
async function settled(page) {
  await page.waitForLoadState('networkidle')
  await page.locator('.van-loading:visible, .van-skeleton:visible').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {})
  await page.waitForLoadState('networkidle')
  // Dialogs and toasts fade in; read the words once they are there.
  await page.waitForTimeout(300)
}

/**
 * The words of the other language on the page as it is now, with the names taken out, each
 * with a little of the text around it so that a failure says where it is.
 */
async function foreignWords(page, locale, names) {
  let text = await shownText(page)
  // Longest first, so that a village's name goes whole before its district's does.
  for (const name of [...names].sort((a, b) => b.length - a.length)) text = text.split(name).join(' ')
  const pattern = locale === 'zh-CN' ? latinWord : chinese
  const allowed = locale === 'zh-CN' ? latinAllowed : hanAllowed
  return [...text.matchAll(pattern)]
    .filter((match) => !allowed.has(match[0]))
    .map((match) => `${match[0]} in "${text.slice(Math.max(0, match.index - 12), match.index + match[0].length + 12).replace(/\s+/g, ' ')}"`)
}

async function assertOneLanguage(page, locale, names, where) {
  assert.deepEqual(await foreignWords(page, locale, names), [], `${where} in ${locale} shows words of the other language`)
}

async function login(username) {
  const { login } = await graphql(
    `mutation($u: String!, $p: String!) {
      login(username: $u, password: $p) { token expiresAt viewer { id username displayName role scopeName } }
    }`,
    { u: username, p: password },
  )
  return login
}

/** Every named route in src/router/routes.ts: the walk below must open each of them. */
function routeNames() {
  const source = readFileSync(new URL('../src/router/routes.ts', import.meta.url), 'utf8')
  return new Set([...source.matchAll(/name: '([^']+)'/g)].map((match) => match[1]))
}

let basics
/** The charity office's token, a donor, 84消毒液 and 芷荷社区, asked for once. */
async function charityBasics() {
  if (basics) return basics
  const charity = await tokenOf('charity')
  const { donors, items, orgUnits } = await graphql(
    `{
      donors(first: 1) { edges { node { id } } }
      items(first: 1, where: { name: "84消毒液" }) { edges { node { id } } }
      orgUnits(first: 1, where: { level: VILLAGE, name: "芷荷社区" }) { edges { node { id code } } }
    }`,
    {},
    charity,
  )
  basics = { charity, donor: donors.edges[0].node.id, item: items.edges[0].node.id, village: orgUnits.edges[0].node }
  return basics
}

/** A donation of `barrels` 桶 of 84消毒液 sent to 芷荷社区 and dispatched, not yet signed for. */
async function deliver(barrels) {
  const { charity, donor, item, village } = await charityBasics()
  const { createDonation } = await graphql(
    `mutation($input: CreateDonationInput!) { createDonation(input: $input) { id lines { id } } }`,
    { input: { donorID: donor, donatedOn: new Date().toISOString(), lines: [{ itemID: item, quantity: String(barrels), unit: 'PACK' }] } },
    charity,
  )
  const { allocateDonation } = await graphql(
    `mutation($line: ID!, $v: ID!) {
      allocateDonation(input: { lineID: $line, method: EVEN, splitUnit: PACK, recipients: { villageIDs: [$v] } }) { allocations { id } }
    }`,
    { line: createDonation.lines[0].id, v: village.id },
    charity,
  )
  const allocation = allocateDonation.allocations[0].id
  await graphql('mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }', { ids: [allocation] }, charity)
  return { donation: createDonation.id, line: createDonation.lines[0].id, allocation }
}

/** The village's own signature of a delivery, sent as another of its phones would. */
async function sign(allocation) {
  const { village } = await charityBasics()
  await graphql(
    'mutation($a: ID!, $key: String!) { confirmReceipt(input: { allocationID: $a, idempotencyKey: $key }) { id } }',
    { a: allocation, key: crypto.randomUUID() },
    await tokenOf(`village-${village.code}`),
  )
}

let fixtures
/**
 * What the routes with an id open: a delivery to 芷荷社区 in 桶 signed for, another still on
 * its way (for the QR landing), and the first institution, enterprise and staff member each
 * role sees.
 */
async function ids() {
  if (fixtures) return fixtures
  const { village } = await charityBasics()
  const signed = await deliver(2)
  await sign(signed.allocation)
  const first = async (account, field) => {
    const data = await graphql(`{ ${field}(first: 1) { edges { node { id } } } }`, {}, await tokenOf(account))
    return data[field].edges[0].node.id
  }
  fixtures = {
    account: `village-${village.code}`,
    signed,
    pending: await deliver(3),
    institution: await first('inspector', 'institutions'),
    enterprise: await first('bureau', 'enterprises'),
    staff: await first('care', 'staffs'),
  }
  return fixtures
}

/** The route names each account opens, and the path of each. */
function walks(f) {
  return {
    '': {
      login: '/login',
      public: '/public',
      'public-trail': `/public/donations/${f.signed.donation}`,
      'public-receipt': `/public/receipts/${f.signed.allocation}`,
      'delivery-landing': `/scan/${f.pending.allocation}?account=${f.account}`,
    },
    admin: { 'admin-home': '/admin', me: '/me' },
    bureau: {
      'bureau-home': '/bureau',
      'bureau-duty': '/bureau/duty',
      'duty-new': '/bureau/duty/new',
      'bureau-care': '/bureau/care',
      'bureau-relief': '/bureau/relief',
      'bureau-travellers': '/bureau/travellers',
      'traveller-aid-new': '/bureau/travellers/new',
      'bureau-enterprises': '/bureau/enterprises',
      'bureau-enterprise': `/bureau/enterprises/${f.enterprise}`,
      me: '/me',
    },
    charity: {
      'charity-home': '/charity',
      'donation-new': '/charity/new',
      'donation-detail': `/charity/donations/${f.signed.donation}`,
      'donation-progress': `/charity/donations/${f.signed.donation}/progress`,
      'donation-allocate': `/charity/lines/${f.signed.line}/allocate`,
      me: '/me',
    },
    [f.account]: {
      'village-home': '/village',
      'village-history': '/village/received',
      allocation: `/allocations/${f.signed.allocation}`,
      'village-care': '/village/care',
      'village-care-new': '/village/care/new',
      me: '/me',
    },
    inspector: {
      'inspector-home': '/inspector',
      'inspection-new': `/inspector/institutions/${f.institution}/inspect`,
      'inspector-problems': '/inspector/problems',
      me: '/me',
    },
    institution: {
      'institution-home': '/institution',
      'institution-receive': '/institution/receive',
      'institution-problems': '/institution/problems',
      me: '/me',
    },
    care: {
      'care-home': '/care',
      'care-staff': '/care/staff',
      'staff-care': `/care/staff/${f.staff}`,
      'care-record-new': `/care/staff/${f.staff}/follow-up`,
      me: '/me',
    },
  }
}

test('the walk opens every route of the SPA', async () => {
  const walked = new Set(Object.values(walks(await ids())).flatMap((routes) => Object.keys(routes)))
  assert.deepEqual([...routeNames()].filter((name) => !walked.has(name)), [], 'routes no role opens in this test')
})

for (const locale of ['zh-CN', 'en-US']) {
  test(`in ${locale}, every route as each role shows no word of the other language`, async () => {
    const found = []
    for (const [account, routes] of Object.entries(walks(await ids()))) {
      const { page, names } = await phoneIn(locale, account ? await login(account) : null)
      for (const [name, path] of Object.entries(routes)) {
        await page.goto(path)
        await page.waitForURL((url) => url.pathname === path.split('?')[0])
        await settled(page)
        for (const word of await foreignWords(page, locale, names)) found.push(`${name} (${path}) as ${account || 'a visitor'}: ${word}`)
      }
      await page.context().close()
    }
    assert.deepEqual(found, [], `words of the other language in ${locale}`)
  })

  test(`in ${locale}, a refused login and a refused care case speak the screen's language`, async () => {
    const f = await ids()
    const visitor = await phoneIn(locale, null)
    await visitor.page.goto('/login')
    await visitor.page.locator('input[name=username]').fill('charity')
    await visitor.page.locator('input[name=password]').fill('not-the-password')
    await visitor.page.locator('button[type=submit]').click()
    await visitor.page.getByRole('alert').waitFor()
    await assertOneLanguage(visitor.page, locale, visitor.names, 'the refused login')
    // A form sent empty: the SPA's own "fill this in" under each field.
    await visitor.page.locator('input[name=username]').fill('')
    await visitor.page.locator('input[name=password]').fill('')
    await visitor.page.locator('button[type=submit]').click()
    await visitor.page.locator('.van-field__error-message').first().waitFor()
    await assertOneLanguage(visitor.page, locale, visitor.names, 'the login sent empty')
    await visitor.page.context().close()

    // The committee opens one-to-one care with a carer's telephone number the server refuses:
    // its answer (BAD_USER_INPUT on carerPhone, in English) shows under the field.
    const { page, names } = await phoneIn(locale, await login(f.account))
    await page.goto('/village/care/new')
    await page.locator('input[name=person]').fill('张示例')
    await page.locator('input[name=carer]').fill('李示例')
    await page.locator('input[name=carerPhone]').fill('call the office')
    const answers = []
    page.on('response', async (response) => {
      if (response.url().endsWith('/graphql') && response.request().postData()?.includes('OpenCareCase')) answers.push(await response.json())
    })
    await page.locator('button[type=submit]').click()
    await page.locator('.van-field__error-message').first().waitFor()
    await settled(page)
    assert.equal(answers[0]?.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'the server refused the telephone number')
    await assertOneLanguage(page, locale, names, 'the refused care case')
    await page.context().close()
  })
}
