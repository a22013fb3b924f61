import type { CombinedError } from '@urql/core'
import { computed, type ComputedRef, type Ref } from 'vue'
import { i18n } from '../i18n'

/** The codes the server puts in `extensions.code`. */
export const errorCodes = ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'UNAVAILABLE', 'INTERNAL'] as const
export type ErrorCode = (typeof errorCodes)[number]

/**
 * Codes whose server message was written for people (which field is wrong, what is in the
 * way) and is worth showing after our sentence. INTERNAL never is: it may describe internals.
 */
const detailedCodes: readonly ErrorCode[] = ['FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT']

/** The code of a failed request; 'NETWORK' when no answer came, INTERNAL for anything unexpected. */
export function errorCode(error: CombinedError): ErrorCode | 'NETWORK' {
  if (error.networkError && error.graphQLErrors.length === 0) return 'NETWORK'
  const code = error.graphQLErrors[0]?.extensions?.code
  return errorCodes.includes(code as ErrorCode) ? (code as ErrorCode) : 'INTERNAL'
}

/**
 * The server's words, when they are worth showing in the current language. The server writes
 * English; a Chinese screen shows them only when they are Chinese themselves (a name the
 * person typed, a message written in Chinese), never an English sentence.
 */
function serverDetail(error: CombinedError): string | undefined {
  const code = errorCode(error)
  if (code === 'NETWORK' || code === 'INTERNAL') return undefined
  const detail = error.graphQLErrors[0]?.message.trim()
  if (!detail) return undefined
  if (!String(i18n.global.locale.value).startsWith('en') && !readsAsChinese(detail)) return undefined
  return detail
}

/** Chinese text without an English word in it ("数量必须大于 0", not "only 0 is left"). */
export function readsAsChinese(text: string): boolean {
  return /[\u4e00-\u9fff]/.test(text) && !/[A-Za-z]{2,}/.test(text)
}

export interface DescribeOptions {
  /**
   * Show the server's own words alone when it sent some: on the login form they say exactly
   * what went wrong (wrong password, too many attempts).
   */
  preferServer?: boolean
}

/** A sentence people understand, in the current language; never a stack or a raw code. */
export function describeError(error: CombinedError, options: DescribeOptions = {}): string {
  const { t } = i18n.global
  const code = errorCode(error)
  const sentence = t(`errors.${code}`)
  const detail = serverDetail(error)
  if (!detail) return sentence
  if (options.preferServer) return detail
  return detailedCodes.includes(code as ErrorCode) ? t('errors.withDetail', { sentence, detail }) : sentence
}

/**
 * Why a login failed, in the app's own words (the server's are English): a wrong account or
 * password (UNAUTHENTICATED), too many failed tries (FORBIDDEN: the throttle), or else what
 * any request is told (no network, the server unavailable).
 */
export function describeLoginError(error: CombinedError): string {
  const code = errorCode(error)
  if (code === 'UNAUTHENTICATED') return i18n.global.t('login.badCredentials')
  if (code === 'FORBIDDEN') return i18n.global.t('login.throttled')
  return i18n.global.t(`errors.${code}`)
}

/** The message for the error held in `error`, re-worded when the language changes; '' when there is none. */
export function useErrorMessage(
  error: Ref<CombinedError | undefined>,
  options: DescribeOptions = {},
): ComputedRef<string> {
  return computed(() => (error.value ? describeError(error.value, options) : ''))
}

/**
 * The input field a BAD_USER_INPUT error is about (extensions.field), as a dotted path such as
 * "lines.0.quantity" whether the server wrote "lines[0].quantity" or "input.lines.0.quantity".
 */
export function errorField(error: CombinedError): string | undefined {
  if (errorCode(error) !== 'BAD_USER_INPUT') return undefined
  const field = error.graphQLErrors[0]?.extensions?.field
  if (typeof field !== 'string' || !field) return undefined
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^input\./, '')
}

/**
 * Splits a form's error between its fields and the form: `at(name)` is the server's words for
 * the field it named (when the form has that field), `general` the sentence for everything else.
 */
export function useFormError(
  error: Ref<CombinedError | undefined>,
  fields: () => readonly string[],
): { at: (name: string) => string; general: ComputedRef<string> } {
  const field = computed(() => {
    const named = error.value && errorField(error.value)
    return named && fields().includes(named) ? named : undefined
  })
  return {
    at: (name) => {
      if (!error.value || field.value !== name) return ''
      // A field's problem in the server's words, or, where those would be English on a
      // Chinese screen, the app's own sentence for a field filled in wrongly.
      return serverDetail(error.value) ?? i18n.global.t('errors.field')
    },
    general: computed(() => (error.value && !field.value ? describeError(error.value) : '')),
  }
}
