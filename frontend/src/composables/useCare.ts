import type { CareDimension, CareFollowUp, CarePlan } from '../graphql/care'
import { addDays } from './useDate'

/** The dimensions of care in the order the 2020 report names them: 政治待遇, 家庭生活, 心理健康, 自身安全. */
export const careDimensions: readonly CareDimension[] = ['POLITICAL', 'FAMILY', 'MENTAL_HEALTH', 'SAFETY']

/** The care officer's list: the longest overdue first, then the rest by when they fall due. */
export function sortFollowUps<F extends Pick<CareFollowUp, 'overdue' | 'daysOverdue' | 'due'>>(followUps: readonly F[]): F[] {
  return [...followUps].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || b.daysOverdue - a.daysOverdue || Date.parse(a.due) - Date.parse(b.due),
  )
}

/** How a follow-up's urgency is worded: an i18n key and its count. */
export function followUpLabel(followUp: Pick<CareFollowUp, 'overdue' | 'daysOverdue'>): { key: string; n: number } {
  if (followUp.overdue) return { key: 'care.overdueDays', n: followUp.daysOverdue }
  return { key: 'care.dueToday', n: 0 }
}

/** The next follow-up a new record suggests: the plan's interval from today, or none without a plan. */
export function suggestedFollowUp(today: string, plan: Pick<CarePlan, 'intervalDays'> | null): string {
  return plan ? addDays(today, plan.intervalDays) : ''
}
