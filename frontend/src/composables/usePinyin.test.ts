import { describe, expect, it } from 'vitest'
import { matchesName, pinyinInitials } from './usePinyin'

describe('pinyin initials', () => {
  it('reads the initials of the names people search for', () => {
    expect(pinyinInitials('芷荷社区')).toBe('zhsq')
    expect(pinyinInitials('武陵区')).toBe('wlq')
    expect(pinyinInitials('三阳港镇敬老院')).toBe('sygzjly')
    expect(pinyinInitials('示例社区001')).toBe('slsq001')
    expect(pinyinInitials('他妈你欧拍区人萨我西一在')).toBe('tmnopqrswxyz')
  })

  it('finds a village by part of its name or of its initials, ignoring case', () => {
    expect(matchesName('芷荷社区村(居)委会', '芷荷')).toBe(true)
    expect(matchesName('芷荷社区村(居)委会', 'ZHSQ')).toBe(true)
    expect(matchesName('芷荷社区村(居)委会', 'hsq')).toBe(true)
    expect(matchesName('示例社区001村(居)委会', 'zhsq')).toBe(false)
    expect(matchesName('示例社区001村(居)委会', ' ')).toBe(true)
  })
})
