import { graphql, type NodeOf, type ResultOf, type SchemaType } from './tada'

/*
 * The documents of staff care and community duty (graph/care.graphql). Care records, notes
 * included, are the care officer's; the bureau reads counts and dates (careSummaries) and the
 * duty roster. Duty days are YYYY-MM-DD in China time; care dates are instants.
 */

export type DutyShiftTask = SchemaType<'DutyShiftTask'>
export type CareRecordKind = SchemaType<'CareRecordKind'>
/**
 * The four fronts of care the 2020 report names: political treatment, family life, mental health,
 * personal safety. The schema keeps them as strings; the server checks them against this list.
 */
export type CareDimension = 'POLITICAL' | 'FAMILY' | 'MENTAL_HEALTH' | 'SAFETY'

/** One day's shifts in the bureau's scope, and how many cadres are on duty, by county. */
export const DutyRosterQuery = graphql(`
  query DutyRoster($day: String!) {
    dutyRoster(day: $day) {
      id day starts ends task
      staff { id name }
      community { id name }
    }
    dutyCounts(day: $day) { day cadres byCounty { county cadres } }
  }
`)

export type DutyShift = ResultOf<typeof DutyRosterQuery>['dutyRoster'][number]

export const DutyStaffQuery = graphql(`
  query DutyStaff {
    staffs(first: 500, orderBy: { field: NAME }) { totalCount edges { node { id name position } } }
  }
`)

/** Villages and communities whose name contains `name` (all of them for ""), by code, 50 at a time. */
export const CommunitiesQuery = graphql(`
  query Communities($name: String!) {
    orgUnits(first: 50, where: { level: VILLAGE, nameContains: $name }, orderBy: { field: CODE }) {
      totalCount
      edges { node { id name parent { name } } }
    }
  }
`)

export type CommunityOption = NodeOf<ResultOf<typeof CommunitiesQuery>['orgUnits']>

export const ScheduleDutyMutation = graphql(`
  mutation ScheduleDuty($input: DutyShiftInput!) {
    scheduleDuty(input: $input) { id }
  }
`)

/** What the bureau sees of staff care: how often and when, never what was said. */
export const CareSummariesQuery = graphql(`
  query CareSummaries {
    careSummaries { staff { id name position } records lastContact nextDue }
  }
`)

/** Follow-ups due today or overdue (days: 0), as the care officer's list. */
export const CareFollowUpsQuery = graphql(`
  query CareFollowUps {
    careFollowUps(days: 0) {
      staff { id name position sentToHubei }
      lastContact due overdue daysOverdue
    }
  }
`)

export type CareFollowUp = ResultOf<typeof CareFollowUpsQuery>['careFollowUps'][number]

const StaffFields = graphql(`
  fragment StaffFields on Staff { id name position frontline sentToHubei communityDuty orgUnit { name } }
`)

/** The filters of the staff list: each narrows it to the staff for whom the flag is set. */
export type StaffFilter = { sentToHubei?: true; frontline?: true; communityDuty?: true }

export const StaffsQuery = graphql(
  `
    query Staffs($where: StaffWhereInput) {
      staffs(first: 500, where: $where, orderBy: { field: NAME }) {
        totalCount
        edges { node { ...StaffFields } }
      }
    }
  `,
  [StaffFields],
)

/** A staff member with their care plan and their care records, newest first. */
export const StaffCareQuery = graphql(
  `
    query StaffCare($id: ID!) {
      node(id: $id) {
        __typename
        ... on Staff {
          ...StaffFields
          phone
          carePlan { intervalDays reason }
          careRecords(first: 100, orderBy: { field: DATE, direction: DESC }) {
            totalCount
            edges { node { id date kind dimensions notes nextFollowUp } }
          }
        }
      }
    }
  `,
  [StaffFields],
)

export type CarePlan = ResultOf<typeof SetCarePlanMutation>['setCarePlan']

export const CreateCareRecordMutation = graphql(`
  mutation CreateCareRecord($input: CareRecordInput!) {
    createCareRecord(input: $input) { id }
  }
`)

export const SetCarePlanMutation = graphql(`
  mutation SetCarePlan($staffID: ID!, $intervalDays: Int!, $reason: String) {
    setCarePlan(staffID: $staffID, intervalDays: $intervalDays, reason: $reason) { intervalDays reason }
  }
`)

/** Who a new care record is about, and the plan that suggests the next follow-up. */
export const StaffPlanQuery = graphql(`
  query StaffPlan($id: ID!) {
    node(id: $id) { __typename ... on Staff { id name carePlan { intervalDays } } }
  }
`)
