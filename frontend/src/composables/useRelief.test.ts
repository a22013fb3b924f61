import { describe, expect, it } from 'vitest'
import type { CareCase, ReliefTotal } from '../graphql/relief'
import {
  amountsBy,
  careCaseViews,
  fenToWan,
  formatYuanEn,
  formatYuanZh,
  fromHubeiFits,
  keysOf,
  reliefTiles,
  scaled,
  sheetErrorLines,
  toFen,
  travellerTotals,
  typedCount,
} from './useRelief'

const total = (fields: Partial<ReliefTotal>): ReliefTotal => ({
  programme: null,
  county: null,
  month: null,
  stage: 'PAID',
  persons: 0,
  amountFen: 0,
  ...fields,
})

describe('relief money', () => {
  it('writes fen as 亿元, 万元 and 元 exactly', () => {
    expect(formatYuanZh(51_600_000_000n)).toBe('5.16亿元')
    expect(formatYuanZh(1_800_000_000n)).toBe('1800万元')
    expect(formatYuanZh(24_600_000_000n)).toBe('2.46亿元')
    expect(formatYuanZh(35_650n)).toBe('356.5元')
    expect(formatYuanZh(1n)).toBe('0.01元')
    expect(formatYuanZh(0n)).toBe('0元')
    expect(formatYuanZh(1_000_000n)).toBe('1万元')
    expect(formatYuanZh(999_999n)).toBe('9999.99元')
  })

  it('rounds half up to two decimals only when not exact, beyond 2^53 too', () => {
    expect(scaled(12_345_678n, 1_000_000n)).toBe('12.35')
    expect(scaled(12_344_999n, 1_000_000n)).toBe('12.34')
    expect(formatYuanZh(9_007_199_254_740_993n)).toBe('900719.93亿元')
    expect(formatYuanZh(-1_800_000_000n)).toBe('-1800万元')
  })

  it('writes English amounts in million and billion', () => {
    expect(formatYuanEn(51_600_000_000n)).toBe('516 million yuan')
    expect(formatYuanEn(1_800_000_000n)).toBe('18 million yuan')
    expect(formatYuanEn(200_000_000_000n)).toBe('2 billion yuan')
    expect(formatYuanEn(35_650n)).toBe('356.5 yuan')
  })

  it('reads Int64 fen from numbers and strings', () => {
    expect(toFen(51600000000)).toBe(51_600_000_000n)
    expect(toFen('9007199254740993')).toBe(9_007_199_254_740_993n)
    expect(toFen(1.5)).toBe(0n)
    expect(toFen(null)).toBe(0n)
    expect(fenToWan(1_800_000_000n)).toBe(1800)
  })
})

describe('relief totals', () => {
  const byProgramme = [
    total({ programme: 'MINIMUM_LIVING', stage: 'PAID', persons: 300000, amountFen: 18000000000 }),
    total({ programme: 'TEMPORARY', stage: 'PAID', persons: 19000, amountFen: 1800000000 }),
    total({ programme: 'TEMPORARY', stage: 'PRE_ALLOCATED', amountFen: 5160000000 }),
    total({ programme: 'MINIMUM_LIVING', stage: 'PRE_ALLOCATED', amountFen: 46440000000 }),
  ]

  it('sums the tiles by stage, temporary assistance on its own', () => {
    expect(reliefTiles(byProgramme)).toEqual({
      preAllocatedFen: 51_600_000_000n,
      paidFen: 19_800_000_000n,
      temporaryPersons: 19000,
      temporaryPaidFen: 1_800_000_000n,
    })
  })

  it('lays counties out by amount paid and months in order, zero where missing', () => {
    const rows = [
      total({ county: '澧县', amountFen: 100 }),
      total({ county: '鼎城区', amountFen: 300 }),
      total({ county: '津市市', stage: 'PRE_ALLOCATED', amountFen: 900 }),
    ]
    const counties = keysOf(rows, 'county')
    expect(counties).toEqual(['鼎城区', '澧县', '津市市'])
    expect(amountsBy(rows, 'county', 'PAID', counties)).toEqual([300n, 100n, 0n])
    const months = [total({ month: '2020-02' }), total({ month: '2020-01' })]
    expect(keysOf(months, 'month')).toEqual(['2020-01', '2020-02'])
  })

  it('lists a refused sheet row by row', () => {
    const lines = sheetErrorLines(
      [
        { row: 5, column: '金额(元)', message: 'bad' },
        { row: 2, column: '区县', message: 'none' },
      ],
      (error) => `第${error.row}行 ${error.column}：${error.message}`,
    )
    expect(lines).toEqual(['第2行 区县：none', '第5行 金额(元)：bad'])
  })
})

describe('care cases', () => {
  const base = {
    ageGroup: 'ELDER',
    reason: 'FAMILY_ISOLATED',
    reasonNote: null,
    carer: '网格员',
    carerPhone: null,
    checkEveryDays: 1,
    createdAt: '2020-02-01T00:00:00+08:00',
  } as const
  const cases: CareCase[] = [
    { ...base, id: '1', person: '小明', checkIns: { totalCount: 1, edges: [{ node: { at: '2020-02-02T09:00:00+08:00', note: '好' } }] } },
    { ...base, id: '2', person: '刘奶奶', checkIns: { totalCount: 0, edges: [] } },
  ]

  it('puts the overdue cases first with the days from the server, and the last check-in', () => {
    const views = careCaseViews(cases, [{ case: { id: '2' }, lastCheckIn: null, daysOverdue: 3 }])
    expect(views.map((view) => [view.person, view.daysOverdue, view.lastCheckIn])).toEqual([
      ['刘奶奶', 3, null],
      ['小明', null, '2020-02-02T09:00:00+08:00'],
    ])
    expect(views[1].lastNote).toBe('好')
  })
})

describe('travellerTotals', () => {
  it('adds the travellers and those from Hubei over the entries', () => {
    expect(
      travellerTotals([
        { travellers: 12, fromHubei: 5 },
        { travellers: 3, fromHubei: 0 },
      ]),
    ).toEqual({ travellers: 15, fromHubei: 5 })
  })

  it('is zero for no entries', () => {
    expect(travellerTotals([])).toEqual({ travellers: 0, fromHubei: 0 })
  })
})

describe('typedCount', () => {
  it('reads whole numbers, keeping 0', () => {
    expect(typedCount('12')).toBe(12)
    expect(typedCount(' 0 ')).toBe(0)
  })

  it('is null for an empty or malformed field', () => {
    expect(typedCount('')).toBeNull()
    expect(typedCount('1.5')).toBeNull()
    expect(typedCount('-3')).toBeNull()
  })
})

describe('fromHubeiFits', () => {
  it('accepts up to all of the travellers', () => {
    expect(fromHubeiFits(12, 5)).toBe(true)
    expect(fromHubeiFits(12, 12)).toBe(true)
    expect(fromHubeiFits(12, 0)).toBe(true)
  })

  it('refuses more from Hubei than were helped', () => {
    expect(fromHubeiFits(12, 13)).toBe(false)
  })

  it('leaves an empty field to the required check', () => {
    expect(fromHubeiFits(null, 3)).toBe(true)
    expect(fromHubeiFits(12, null)).toBe(true)
  })
})
