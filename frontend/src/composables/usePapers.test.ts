import { afterEach, describe, expect, it, vi } from 'vitest'
import { countyCode, fetchPaper, fileName, PaperError, sheetCounties, statusCode } from './usePapers'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('fetching a paper', () => {
  it('sends the bearer token and hands back the body and its file name', async () => {
    const fetchMock = vi.fn(async () => new Response('a,b\n', { headers: { 'Content-Disposition': 'attachment; filename="donation-CD1.csv"' } }))
    vi.stubGlobal('fetch', fetchMock)
    const paper = await fetchPaper('/donations/7/export.csv', 'token-1')
    expect(fetchMock).toHaveBeenCalledWith('/donations/7/export.csv', { headers: { Authorization: 'Bearer token-1' } })
    expect(await paper.blob.text()).toBe('a,b\n')
    expect(fileName(paper.name, 'fallback.csv')).toBe('donation-CD1.csv')
  })

  it('turns a refusal into the API’s error code, and no answer into NETWORK', async () => {
    vi.stubGlobal('fetch', async () => new Response('please log in', { status: 401 }))
    await expect(fetchPaper('/donations/7/sheet', 't')).rejects.toEqual(new PaperError('UNAUTHENTICATED'))
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(fetchPaper('/donations/7/sheet', 't')).rejects.toMatchObject({ code: 'NETWORK' })
  })

  it('maps the statuses the papers answer with', () => {
    expect([400, 401, 403, 404, 500, 503].map(statusCode)).toEqual(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INTERNAL', 'UNAVAILABLE'])
  })
})

describe('file names', () => {
  it('read the server’s name, encoded or plain, else the fallback', () => {
    expect(fileName(`attachment; filename*=UTF-8''%E6%8D%90%E8%B5%A0.xlsx`, 'x')).toBe('捐赠.xlsx')
    expect(fileName('attachment; filename="donation-CD1.xlsx"', 'x')).toBe('donation-CD1.xlsx')
    expect(fileName(null, 'donation.csv')).toBe('donation.csv')
  })
})

describe('delivery sheet counties', () => {
  it('cut by the county-level part of each recipient’s path, each once, named', () => {
    expect(countyCode('430700/430702/430702001/430702001001/')).toBe('430702')
    expect(countyCode('430700/')).toBe('430700')
    const units = [
      { code: '430700', name: '常德市' },
      { code: '430702', name: '武陵区' },
      { code: '430721', name: '安乡县' },
    ]
    const paths = ['430700/430721/', '430700/430702/430702001/430702001001/', '430700/430702/430702001/430702001002/', '430700/']
    expect(sheetCounties(paths, units)).toEqual([
      { code: '430700', name: '常德市' },
      { code: '430702', name: '武陵区' },
      { code: '430721', name: '安乡县' },
    ])
  })
})
