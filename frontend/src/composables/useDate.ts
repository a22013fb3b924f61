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

/*
 * Days and times are written by hand, as Intl.DateTimeFormat's medium date and short time styles
 * write them in the app's two languages (useDate.test.ts holds them to it): a phone's first
 * Intl.DateTimeFormat costs tens of milliseconds of ICU set-up, and it came in the middle of the
 * first screen's mount, where it held the page still.
 */

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A calendar day (month from 1) in the current language: 2020年3月17日, Mar 17, 2020. */
function writeDay(year: number, month: number, date: number): string {
  return i18n.global.locale.value === 'en-US' ? `${months[month - 1]} ${date}, ${year}` : `${year}年${month}月${date}日`
}

/** An RFC 3339 time as a day in the current language: 2020年3月17日, Mar 17, 2020. */
export function formatDate(time: string): string {
  const at = new Date(time)
  return writeDay(at.getFullYear(), at.getMonth() + 1, at.getDate())
}

/** An RFC 3339 time with the hour and minute, for when something was sent or signed for. */
export function formatDateTime(time: string): string {
  const at = new Date(time)
  const [hours, minutes] = [at.getHours(), String(at.getMinutes()).padStart(2, '0')]
  return i18n.global.locale.value === 'en-US'
    ? `${formatDate(time)}, ${hours % 12 || 12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`
    : `${formatDate(time)} ${String(hours).padStart(2, '0')}:${minutes}`
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
  return writeDay(year, month, date)
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
  const [, month, date] = day.split('-').map(Number)
  return `${month}/${date}`
}
