import { CombinedError } from '@urql/core'
import { afterEach, describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { i18n } from '../i18n'
import { describeError, describeLoginError, errorCode, errorCodes, errorField, useErrorMessage, useFormError } from './useErrorMessage'

function serverError(code: string | undefined, message = 'server words'): CombinedError {
  return new CombinedError({
    graphQLErrors: [{ message, extensions: code ? { code } : {} }],
  })
}

const networkError = new CombinedError({ networkError: new TypeError('Failed to fetch') })

afterEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('errorCode', () => {
  it('reads extensions.code, and calls anything unknown INTERNAL', () => {
    for (const code of errorCodes) expect(errorCode(serverError(code))).toBe(code)
    expect(errorCode(serverError('GRAPHQL_VALIDATION_FAILED'))).toBe('INTERNAL')
    expect(errorCode(serverError(undefined))).toBe('INTERNAL')
    expect(errorCode(networkError)).toBe('NETWORK')
  })
})

describe('describeError', () => {
  it('has a sentence for every code in both languages', () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      i18n.global.locale.value = locale
      const sentences = [...errorCodes.map((code) => describeError(serverError(code, ''))), describeError(networkError)]
      for (const sentence of sentences) expect(sentence).toMatch(/\S/)
      expect(new Set(sentences).size).toBe(sentences.length)
    }
  })

  it('words each code for people', () => {
    expect(describeError(serverError('UNAUTHENTICATED'))).toBe('登录已失效，请重新登录。')
    expect(describeError(networkError)).toBe('连不上服务器，请检查网络后再试。')
    i18n.global.locale.value = 'en-US'
    expect(describeError(serverError('FORBIDDEN', ''))).toBe('You are not allowed to do this.')
  })

  it('adds the server detail where it was written for people, never for INTERNAL', () => {
    expect(describeError(serverError('BAD_USER_INPUT', '数量必须大于 0'))).toBe(
      '填写的内容有误，请检查后再试。（数量必须大于 0）',
    )
    expect(describeError(serverError('INTERNAL', 'sql: no rows in result set'))).toBe('系统出了点问题，请稍后再试。')
  })

  it('never shows the server’s English on a Chinese screen, and shows it on an English one', () => {
    const english = serverError('BAD_USER_INPUT', 'only 0 is left on the line, the shortfall is 25')
    expect(describeError(english)).toBe('填写的内容有误，请检查后再试。')
    expect(describeError(serverError('CONFLICT', 'dispute 4 was resolved already'))).toBe('这项内容已被别人修改或处理，请刷新后再试。')
    i18n.global.locale.value = 'en-US'
    expect(describeError(english)).toContain('only 0 is left on the line')
  })

  it('prefers the server words on request, e.g. on the login form', () => {
    const throttled = serverError('FORBIDDEN', '尝试次数过多，请 1 分钟后再试')
    expect(describeError(throttled, { preferServer: true })).toBe('尝试次数过多，请 1 分钟后再试')
    expect(describeError(serverError('INTERNAL', 'panic: nil map'), { preferServer: true })).toBe(
      '系统出了点问题，请稍后再试。',
    )
  })
})

describe('useErrorMessage', () => {
  it('is empty without an error and follows the language', () => {
    const error = ref<CombinedError>()
    const message = useErrorMessage(error)
    expect(message.value).toBe('')
    error.value = serverError('NOT_FOUND', '')
    expect(message.value).toBe('找不到要查看的内容，可能已被删除。')
    i18n.global.locale.value = 'en-US'
    expect(message.value).toBe('This could not be found; it may have been removed.')
  })
})

describe('errors at form fields', () => {
  const badField = (field: string) =>
    new CombinedError({
      graphQLErrors: [{ message: 'quantity must be positive', extensions: { code: 'BAD_USER_INPUT', field } }],
    })

  it('reads extensions.field as a dotted path, only for BAD_USER_INPUT', () => {
    expect(errorField(badField('lines[0].quantity'))).toBe('lines.0.quantity')
    expect(errorField(badField('input.receivedQuantity'))).toBe('receivedQuantity')
    expect(errorField(serverError('CONFLICT'))).toBeUndefined()
    expect(errorField(networkError)).toBeUndefined()
  })

  it('shows the message at the field the form has, and in general otherwise', () => {
    const error = ref<CombinedError>()
    const { at, general } = useFormError(error, () => ['lines.0.quantity'])
    error.value = badField('lines.0.quantity')
    expect(at('lines.0.quantity')).toBe('这一项填写有误，请检查。')
    expect(general.value).toBe('')
    error.value = badField('donatedOn')
    expect(at('lines.0.quantity')).toBe('')
    expect(general.value).toBe('填写的内容有误，请检查后再试。')
    i18n.global.locale.value = 'en-US'
    error.value = badField('lines.0.quantity')
    expect(at('lines.0.quantity')).toBe('quantity must be positive')
  })
})

describe('describeLoginError', () => {
  it('says why a login failed in the app’s own words, never the server’s English', () => {
    const refused = (code: string) => new CombinedError({ graphQLErrors: [{ message: 'wrong username or password', extensions: { code } }] })
    i18n.global.locale.value = 'zh-CN'
    expect(describeLoginError(refused('UNAUTHENTICATED'))).toBe('用户名或密码不对，请再试一次。')
    expect(describeLoginError(refused('FORBIDDEN'))).toBe('失败次数太多，请过几分钟再试。')
    expect(describeLoginError(new CombinedError({ networkError: new TypeError('Failed to fetch') }))).toBe('连不上服务器，请检查网络后再试。')
    i18n.global.locale.value = 'en-US'
    expect(describeLoginError(refused('UNAUTHENTICATED'))).toBe('Wrong username or password; please try again.')
    i18n.global.locale.value = 'zh-CN'
  })
})
