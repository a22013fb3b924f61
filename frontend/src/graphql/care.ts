import { gql, type TypedDocumentNode } from '@urql/core'
import type { Connection } from './donation'

/*
 * The documents of staff care and community duty (graph/care.graphql). Care records, notes
 * included, are the care officer's; the bureau reads counts and dates (careSummaries) and the
 * duty roster. Duty days are YYYY-MM-DD in China time; care dates are instants.
 */

export type DutyShiftTask = 'TEMPERATURE_CHECK' | 'PASS_CHECK' | 'PATROL' | 'PUBLICITY'
export type CareRecordKind = 'PHONE_FOLLOW_UP' | 'VISIT' | 'COUNSELLING' | 'FAMILY_HELP' | 'CONDOLENCE' | 'SUPPLIES'
/** The four fronts of care the 2020 report names: political treatment, family life, mental health, personal safety. */
export type CareDimension = 'POLITICAL' | 'FAMILY' | 'MENTAL_HEALTH' | 'SAFETY'

export interface DutyShift {
  id: string
  day: string
  starts: string
  ends: string
  task: DutyShiftTask
  staff: { id: string; name: string }
  community: { id: string; name: string }
}

export interface DutyCounts {
  day: string
  cadres: number
  byCounty: { county: string; cadres: number }[]
}

/** One day's shifts in the bureau's scope, and how many cadres are on duty, by county. */
export const DutyRosterQuery: TypedDocumentNode<{ dutyRoster: DutyShift[]; dutyCounts: DutyCounts }, { day: string }> = gql`
  query DutyRoster($day: String!) {
    dutyRoster(day: $day) {
      id day starts ends task
      staff { id name }
      community { id name }
    }
    dutyCounts(day: $day) { day cadres byCounty { county cadres } }
  }
`

export interface StaffOption {
  id: string
  name: string
  position: string | null
}

export const DutyStaffQuery: TypedDocumentNode<{ staffs: Connection<StaffOption> }> = gql`
  query DutyStaff {
    staffs(first: 500, orderBy: { field: NAME }) { totalCount edges { node { id name position } } }
  }
`

export interface CommunityOption {
  id: string
  name: string
  parent: { name: string } | null
}

/** Villages and communities whose name contains `name` (all of them for ""), by code, 50 at a time. */
export const CommunitiesQuery: TypedDocumentNode<{ orgUnits: Connection<CommunityOption> }, { name: string }> = gql`
  query Communities($name: String!) {
    orgUnits(first: 50, where: { level: VILLAGE, nameContains: $name }, orderBy: { field: CODE }) {
      totalCount
      edges { node { id name parent { name } } }
    }
  }
`

export interface DutyShiftInput {
  staffID: string
  communityID: string
  day: string
  starts: string
  ends: string
  task: DutyShiftTask
}

export const ScheduleDutyMutation: TypedDocumentNode<{ scheduleDuty: { id: string } }, { input: DutyShiftInput }> = gql`
  mutation ScheduleDuty($input: DutyShiftInput!) {
    scheduleDuty(input: $input) { id }
  }
`

export interface CareSummary {
  staff: { id: string; name: string; position: string | null }
  records: number
  lastContact: string | null
  nextDue: string | null
}

/** What the bureau sees of staff care: how often and when, never what was said. */
export const CareSummariesQuery: TypedDocumentNode<{ careSummaries: CareSummary[] }> = gql`
  query CareSummaries {
    careSummaries { staff { id name position } records lastContact nextDue }
  }
`

export interface CareFollowUp {
  staff: { id: string; name: string; position: string | null; sentToHubei: boolean }
  lastContact: string | null
  due: string
  overdue: boolean
  daysOverdue: number
}

/** Follow-ups due today or overdue (days: 0), as the care officer's list. */
export const CareFollowUpsQuery: TypedDocumentNode<{ careFollowUps: CareFollowUp[] }> = gql`
  query CareFollowUps {
    careFollowUps(days: 0) {
      staff { id name position sentToHubei }
      lastContact due overdue daysOverdue
    }
  }
`

export interface StaffSummary {
  id: string
  name: string
  position: string | null
  frontline: boolean
  sentToHubei: boolean
  communityDuty: boolean
  orgUnit: { name: string }
}

const staffFields = 'id name position frontline sentToHubei communityDuty orgUnit { name }'

export type StaffFilter = { sentToHubei?: true; frontline?: true; communityDuty?: true }

export const StaffsQuery: TypedDocumentNode<{ staffs: Connection<StaffSummary> }, { where: StaffFilter }> = gql`
  query Staffs($where: StaffWhereInput) {
    staffs(first: 500, where: $where, orderBy: { field: NAME }) {
      totalCount
      edges { node { ${staffFields} } }
    }
  }
`

export interface CareRecord {
  id: string
  date: string
  kind: CareRecordKind
  dimensions: CareDimension[] | null
  notes: string | null
  nextFollowUp: string | null
}

export interface CarePlan {
  intervalDays: number
  reason: string | null
}

export interface StaffCare extends StaffSummary {
  phone: string | null
  carePlan: CarePlan | null
  careRecords: Connection<CareRecord>
}

/** A staff member with their care plan and their care records, newest first. */
export const StaffCareQuery: TypedDocumentNode<{ node: StaffCare | null }, { id: string }> = gql`
  query StaffCare($id: ID!) {
    node(id: $id) {
      ... on Staff {
        ${staffFields}
        phone
        carePlan { intervalDays reason }
        careRecords(first: 100, orderBy: { field: DATE, direction: DESC }) {
          totalCount
          edges { node { id date kind dimensions notes nextFollowUp } }
        }
      }
    }
  }
`

export interface CareRecordInput {
  staffID: string
  date: string
  kind: CareRecordKind
  dimensions: CareDimension[]
  notes?: string
  nextFollowUp?: string
}

export const CreateCareRecordMutation: TypedDocumentNode<{ createCareRecord: { id: string } }, { input: CareRecordInput }> = gql`
  mutation CreateCareRecord($input: CareRecordInput!) {
    createCareRecord(input: $input) { id }
  }
`

export const SetCarePlanMutation: TypedDocumentNode<
  { setCarePlan: CarePlan },
  { staffID: string; intervalDays: number; reason?: string }
> = gql`
  mutation SetCarePlan($staffID: ID!, $intervalDays: Int!, $reason: String) {
    setCarePlan(staffID: $staffID, intervalDays: $intervalDays, reason: $reason) { intervalDays reason }
  }
`

/** Who a new care record is about, and the plan that suggests the next follow-up. */
export const StaffPlanQuery: TypedDocumentNode<
  { node: { id: string; name: string; carePlan: Pick<CarePlan, 'intervalDays'> | null } | null },
  { id: string }
> = gql`
  query StaffPlan($id: ID!) {
    node(id: $id) { ... on Staff { id name carePlan { intervalDays } } }
  }
`
