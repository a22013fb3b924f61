import { afterEach, describe, expect, it } from 'vitest'
import type { ItemUnits } from '../graphql/schema'
import { i18n } from '../i18n'
import { bothUnits, formatQuantity, groupShares, packRule, parseQuantity, toBase, unitLabel, unitsFor, writeQuantity } from './useQuantity'

const disinfectant: ItemUnits = { baseUnit: 'KG', packName: '桶', packSize: '25' }
const looseKg: ItemUnits = { baseUnit: 'KG', packName: null, packSize: '0' }
const moxa: ItemUnits = { baseUnit: 'STICK', packName: null, packSize: null }
const masks: ItemUnits = { baseUnit: 'PIECE', packName: '箱', packSize: '500' }

describe('exact quantities', () => {
  it('read and write decimal strings as thousandths, refusing what the server would refuse', () => {
    expect(parseQuantity('23.438')).toBe(23438n)
    expect(parseQuantity(' 3000 ')).toBe(3000000n)
    expect(parseQuantity('0.5')).toBe(500n)
    for (const bad of ['', '1.2345', '-1', '1e3', '1,000', '.5', 'abc']) expect(parseQuantity(bad)).toBeNull()
    expect(writeQuantity(23438n)).toBe('23.438')
    expect(writeQuantity(3000000n)).toBe('3000')
    expect(writeQuantity(500n)).toBe('0.5')
    expect(writeQuantity(0n)).toBe('0')
  })

  it('offer the units that fit an item', () => {
    expect(unitsFor(disinfectant)).toEqual(['T', 'KG', 'JIN', 'G', 'PACK'])
    expect(unitsFor(looseKg)).toEqual(['T', 'KG', 'JIN', 'G'])
    expect(unitsFor(moxa)).toEqual(['STICK'])
    expect(unitsFor(masks)).toEqual(['PIECE', 'PACK'])
    expect(unitsFor({ baseUnit: 'L' })).toEqual(['L', 'ML'])
  })

  it('convert to the base unit exactly, or not at all', () => {
    expect(toBase('120', 'PACK', disinfectant)).toBe('3000')
    expect(toBase('3', 'T', disinfectant)).toBe('3000')
    expect(toBase('200', 'JIN', disinfectant)).toBe('100')
    expect(toBase('0.001', 'JIN', disinfectant)).toBeNull()
    expect(toBase('1.5', 'G', disinfectant)).toBeNull()
    expect(toBase('100', 'STICK', moxa)).toBe('100')
    expect(toBase('1.5', 'STICK', moxa)).toBeNull()
    expect(toBase('1', 'KG', moxa)).toBeNull()
    expect(toBase('1', 'PACK', moxa)).toBeNull()
    expect(toBase('2', 'PACK', masks)).toBe('1000')
  })
})

describe('quantities as people write them', () => {
  it('write tonnes from 1000 kg', () => {
    expect(formatQuantity('3000', looseKg)).toBe('3 吨')
    expect(formatQuantity('1500', looseKg)).toBe('1.5 吨')
    expect(formatQuantity('1000.5', looseKg)).toBe('1000.5 千克')
  })

  it('write whole packs as packs', () => {
    expect(formatQuantity('25', disinfectant)).toBe('1 桶')
    expect(formatQuantity('3000', disinfectant)).toBe('120 桶')
    expect(formatQuantity('1000', masks)).toBe('2 箱')
    expect(formatQuantity('0', disinfectant)).toBe('0 千克')
  })

  it('keep odd amounts exact in the base unit', () => {
    expect(formatQuantity('23.438', disinfectant)).toBe('23.438 千克')
    expect(formatQuantity('23.437', disinfectant)).toBe('23.437 千克')
    expect(formatQuantity('7', moxa)).toBe('7 根')
  })

  it('add the 斤 a village scale reads when it is a whole number', () => {
    expect(formatQuantity('100', looseKg)).toBe('100 千克（200 斤）')
    expect(formatQuantity('0.5', looseKg)).toBe('0.5 千克（1 斤）')
    expect(formatQuantity('23.438', looseKg)).toBe('23.438 千克')
  })

  it('prefer the unit the donor wrote when the amount is exact in it', () => {
    expect(formatQuantity('3000', disinfectant, 'T')).toBe('3 吨')
    expect(formatQuantity('3000', disinfectant, 'PACK')).toBe('120 桶')
    expect(formatQuantity('100', disinfectant, 'JIN')).toBe('200 斤')
    expect(formatQuantity('23.438', disinfectant, 'PACK')).toBe('23.438 千克')
    expect(formatQuantity('0.5', looseKg, 'T')).toBe('0.5 千克（1 斤）')
  })
})

describe('quantities in English', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  it('say 1 stick and 2 sticks, and name a unit alone in the plural', () => {
    i18n.global.locale.value = 'en-US'
    const loose: ItemUnits = { baseUnit: 'BOX', packName: null, packSize: null }
    expect(formatQuantity('1', moxa)).toBe('1 stick')
    expect(formatQuantity('2', moxa)).toBe('2 sticks')
    expect(formatQuantity('1', loose)).toBe('1 box')
    expect(formatQuantity('1.5', loose)).toBe('1.5 boxes')
    expect(formatQuantity('3000', looseKg)).toBe('3 t')
    expect(unitLabel('BOTTLE', looseKg)).toBe('bottles')
  })
})

describe('grouping a split preview', () => {
  it('counts recipients per amount, largest first, zero shares last', () => {
    const shares = [
      ...Array.from({ length: 120 }, () => ({ quantity: '25' })),
      ...Array.from({ length: 8 }, () => ({ quantity: '0' })),
    ]
    expect(groupShares(shares)).toEqual([
      { quantity: '25', count: 120 },
      { quantity: '0', count: 8 },
    ])
    expect(groupShares([{ quantity: '23.437' }, { quantity: '23.438' }, { quantity: '23.437' }])).toEqual([
      { quantity: '23.438', count: 1 },
      { quantity: '23.437', count: 2 },
    ])
  })
})

describe('pack-first entry', () => {
  it('says what one pack holds, and nothing for an item without one', () => {
    expect(packRule(disinfectant)).toBe('1 桶 = 25 千克')
    expect(packRule(masks)).toBe('1 箱 = 500 个')
    expect(packRule(moxa)).toBe('')
  })

  it('repeats a typed amount in both units, and only when it converts', () => {
    expect(bothUnits('120', 'PACK', disinfectant)).toBe('120 桶 = 3000 千克')
    expect(bothUnits('3', 'T', disinfectant)).toBe('3 吨 = 3000 千克')
    expect(bothUnits('25', 'KG', disinfectant)).toBe('25 千克')
    expect(bothUnits('', 'PACK', disinfectant)).toBeNull()
    expect(bothUnits('1.5', 'PIECE', masks)).toBeNull()
  })
})
