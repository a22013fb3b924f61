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

/*
 * Reports, inspections, deadlines and duty shifts are dated by calendar day in China
 * ("2020-03-17"), whatever the phone's own time zone: the server judges them that way.
 */

const chinaOffsetMs = 8 * 3600_000

/** Today in China as yyyy-mm-dd (China keeps UTC+8 all year, without summer time). */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + chinaOffsetMs).toISOString().slice(0, 10)
}

/** The yyyy-mm-dd day `days` later (earlier when negative). */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10)
}

/** A yyyy-mm-dd day in the current language, the same day wherever the phone is: 2020年3月17日. */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  return new Intl.DateTimeFormat(i18n.global.locale.value, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  )
}

/**
 * The instant to record something done on `day`: now when the day is today (a call just
 * made keeps its hour), else the day's local midnight (a visit written up afterwards).
 */
export function dayOrNow(day: string, now = new Date()): string {
  return day === today(now) ? now.toISOString() : dayToTime(day)
}

/** A yyyy-mm-dd day without its year, short enough for a chart axis: 3/16. */
export function formatShortDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  return new Intl.DateTimeFormat(i18n.global.locale.value, { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  )
}
