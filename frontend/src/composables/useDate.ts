import { i18n } from '../i18n'

/*
 * A donation happens on a day, but the API's `Time` is an instant. The day is sent as local
 * midnight with the phone's UTC offset written out, so that the server and every later reader
 * (in China, UTC+8) see the same calendar day, not the day before in UTC.
 */

/** Today as the yyyy-mm-dd of a date input, in the phone's time zone. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** A yyyy-mm-dd day as an RFC 3339 instant at local midnight: "2020-03-17T00:00:00+08:00". */
export function dayToTime(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  const offset = -new Date(year, month - 1, date).getTimezoneOffset()
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
  return `${day}T00:00:00${sign}${hhmm}`
}

/** An RFC 3339 time as a day in the current language: 2020年3月17日, Mar 17, 2020. */
export function formatDate(time: string): string {
  return new Intl.DateTimeFormat(i18n.global.locale.value, { dateStyle: 'medium' }).format(new Date(time))
}

/** An RFC 3339 time with the hour and minute, for when something was sent or signed for. */
export function formatDateTime(time: string): string {
  return new Intl.DateTimeFormat(i18n.global.locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(time),
  )
}
