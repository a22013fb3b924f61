import type { ErrorCode } from './useErrorMessage'

/*
 * The server's papers of a donation — the delivery sheet to print, the spreadsheet exports —
 * sit behind the bearer token like the API, so a plain link cannot open them: the app fetches
 * each one with the token and hands the browser a Blob, to print in a window of its own or to
 * save as a file. (The donor certificate is public and is opened as a plain link.)
 */

/** A paper the server refused or that never came, with the error code its status stands for. */
export class PaperError extends Error {
  constructor(readonly code: ErrorCode | 'NETWORK') {
    super(`paper not fetched: ${code}`)
  }
}

/** The error code an HTTP status of the papers stands for, in the API's terms. */
export function statusCode(status: number): ErrorCode {
  const codes: Record<number, ErrorCode> = { 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 503: 'UNAVAILABLE' }
  return codes[status] ?? 'INTERNAL'
}

/** The file name the server gave in Content-Disposition, or `fallback`. */
export function fileName(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')
  if (encoded) return decodeURIComponent(encoded[1])
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback
}

/** Fetches a paper with the session's token; throws PaperError when it does not come. */
export async function fetchPaper(path: string, token: string): Promise<{ blob: Blob; name: string | null }> {
  let response: Response
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } })
  } catch {
    throw new PaperError('NETWORK')
  }
  if (!response.ok) throw new PaperError(statusCode(response.status))
  return { blob: await response.blob(), name: response.headers.get('Content-Disposition') }
}

/** How long a printed sheet's Blob URL lives: long enough for its window to load it. */
const blobLifetimeMs = 60_000

/** Shows a fetched page in a window opened beforehand (opened in the tap itself, so no popup blocker stops it). */
export function showInWindow(target: Window, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  target.location.replace(url)
  setTimeout(() => URL.revokeObjectURL(url), blobLifetimeMs)
}

/** Saves a fetched file under `name` through a temporary download link. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), blobLifetimeMs)
}

/** The county-level code of an org unit path ("430700/430702/…" → "430702"); the city's own code for the city. */
export function countyCode(path: string): string {
  const codes = path.split('/').filter(Boolean)
  return codes[1] ?? codes[0] ?? ''
}

/**
 * The counties a donation's recipients are in, as the delivery sheets are cut (one sheet per
 * county): each once, named, in code order. A city-level recipient counts under the city.
 */
export function sheetCounties(paths: readonly string[], units: readonly { code: string; name: string }[]): { code: string; name: string }[] {
  const codes = [...new Set(paths.map(countyCode).filter(Boolean))].sort()
  return codes.map((code) => ({ code, name: units.find((unit) => unit.code === code)?.name ?? code }))
}
