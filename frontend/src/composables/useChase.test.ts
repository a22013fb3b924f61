import { describe, expect, it } from 'vitest'
import type { Waiting } from '../graphql/donation'
import { reminderText, statusFigures, waited } from './useChase'

const item = { id: '1', name: '84消毒液', baseUnit: 'KG' as const, packName: '桶', packSize: '25' }
const entry = (state: Waiting['state']): Waiting => ({
  state,
  since: '2020-03-17T01:00:00Z',
  phone: '0736-7200001',
  contact: '芷荷社区村(居)委会',
  street: { id: '9', name: '示例街道1（武陵区）' },
  recipient: { __typename: 'OrgUnit', id: '7', name: '芷荷社区' },
  allocation: state === 'LEFT_OUT' ? null : { id: '3', quantity: '25' },
  line: { id: '2', enteredUnit: 'PACK', item },
})

describe('the chase list', () => {
  it('counts from one source: signed is in full plus with a difference, waiting adds those left out', () => {
    const figures = statusFigures({
      recipients: 120, confirmed: 3, received: 2, disputed: 1, dispatched: 110, planned: 7, stale: 4, leftOut: 8, lines: [],
    })
    expect(figures.signed).toBe(figures.inFull + figures.disputed)
    expect(figures.signed + figures.onTheWay + figures.notSent).toBe(figures.recipients)
    expect(figures.waiting).toBe(125)
  })

  it('says how long in the largest whole unit', () => {
    const now = new Date('2020-03-20T02:00:00Z')
    expect(waited('2020-03-17T01:00:00Z', now)).toBe('3 天')
    expect(waited('2020-03-19T01:00:00Z', now)).toBe('25 小时')
    expect(waited('2020-03-20T01:30:00Z', now)).toBe('不到 1 小时')
  })

  it('writes a reminder for each state that names whom, what and what to do', () => {
    const sign = reminderText(entry('NOT_SIGNED'), '常德市子琳医疗科技有限公司', '市民政局慈善办')
    expect(sign).toContain('芷荷社区村(居)委会')
    expect(sign).toContain('84消毒液 1 桶')
    expect(sign).toContain('签收')
    expect(reminderText(entry('LEFT_OUT'), '常德市子琳医疗科技有限公司', '市民政局慈善办')).toContain('下一批')
    expect(reminderText(entry('NOT_SENT'), '常德市子琳医疗科技有限公司', '市民政局慈善办')).toContain('近日发出')
  })
})
