import { i18n } from '../i18n'
import type { DonationProgress, Waiting } from '../graphql/donation'
import { formatQuantity } from './useQuantity'

/**
 * The figures every screen shows of a donation, all from the server's one donationProgress:
 * signed is received in full plus with a difference, and the chase list holds everyone who has
 * not signed plus those a whole-pack split left out, so no two screens can disagree.
 */
export function statusFigures(progress: DonationProgress) {
  return {
    recipients: progress.recipients,
    signed: progress.confirmed,
    inFull: progress.received,
    disputed: progress.disputed,
    onTheWay: progress.dispatched,
    notSent: progress.planned,
    leftOut: progress.leftOut,
    /** How many the chase list names: not signed (sent or not) and left out. */
    waiting: progress.recipients - progress.confirmed + progress.leftOut,
  }
}

/** How long someone has waited, in the largest whole unit people say: "3 天", "5 小时", "不到 1 小时". */
export function waited(since: string, now = new Date()): string {
  const { t } = i18n.global
  const hours = Math.floor((now.getTime() - new Date(since).getTime()) / 3_600_000)
  if (hours >= 48) return t('chase.days', { n: Math.floor(hours / 24) })
  if (hours >= 1) return t('chase.hours', { n: hours })
  return t('chase.lessThanHour')
}

/**
 * A reminder to paste into WeChat or a text message: to whom, what and from whom, and what to
 * do — sign on the phone, or, for those left out, that the next delivery comes to them first.
 */
export function reminderText(entry: Waiting, donor: string, office: string): string {
  const { t } = i18n.global
  const item = entry.line.item
  const to = entry.contact ?? entry.recipient.name
  const amount = entry.allocation ? formatQuantity(entry.allocation.quantity, item, entry.line.enteredUnit) : ''
  const key = { NOT_SIGNED: 'chase.remindSign', NOT_SENT: 'chase.remindComing', LEFT_OUT: 'chase.remindLeftOut' }[entry.state]
  return t(key, { to, donor, item: item.name, amount, office })
}
