import { gql, type TypedDocumentNode } from '@urql/core'
import type { Connection } from './donation'
import type { AllocationStatus, ItemUnits, Quantity, Unit } from './schema'

/*
 * The documents of hardship relief, one-to-one care and enterprise liaison (graph/relief.graphql).
 * Money is integer fen as an Int64 JSON number; it is turned into BigInt before any arithmetic.
 */

export type ReliefProgramme = 'MINIMUM_LIVING' | 'EXTREME_POVERTY' | 'TEMPORARY'
export type ReliefStage = 'PRE_ALLOCATED' | 'PAID'
export type ReliefGroupBy = 'PROGRAMME' | 'COUNTY' | 'MONTH'

/** Integer fen as the server sends an Int64: a JSON number (or, from some proxies, a string). */
export type Fen = number | string

export interface ReliefTotal {
  programme: ReliefProgramme | null
  county: string | null
  month: string | null
  stage: ReliefStage
  persons: number
  amountFen: Fen
}

export const ReliefTotalsQuery: TypedDocumentNode<{
  byProgramme: ReliefTotal[]
  byCounty: ReliefTotal[]
  byMonth: ReliefTotal[]
}> = gql`
  query ReliefTotals {
    byProgramme: reliefTotals(groupBy: [PROGRAMME]) { programme stage persons amountFen }
    byCounty: reliefTotals(groupBy: [COUNTY]) { county stage persons amountFen }
    byMonth: reliefTotals(groupBy: [MONTH]) { month stage persons amountFen }
  }
`

/** One row error of a refused sheet: the spreadsheet row number and the column's header. */
export interface SheetRowError {
  row: number
  column: string
  message: string
}

export interface ImportResult {
  created: number
  updated: number
  errors: SheetRowError[] | null
}

export interface EnterpriseSummary {
  id: string
  name: string
  orgUnit: { name: string }
  liaison: { name: string } | null
}

export const EnterprisesQuery: TypedDocumentNode<{ enterprises: Connection<EnterpriseSummary> }> = gql`
  query Enterprises {
    enterprises(first: 200, orderBy: { field: NAME }) {
      totalCount
      edges { node { id name orgUnit { name } liaison { name } } }
    }
  }
`

export type VisitAction = 'POLICY' | 'DISINFECTION' | 'SUPPLIES' | 'TEMPERATURE'
export const visitActions: readonly VisitAction[] = ['POLICY', 'DISINFECTION', 'SUPPLIES', 'TEMPERATURE']

export interface EnterpriseVisit {
  id: string
  day: string
  actions: string[]
  note: string | null
}

export interface EnterpriseAllocation {
  id: string
  quantity: Quantity
  status: AllocationStatus
  line: { enteredUnit: Unit; item: ItemUnits & { name: string } }
}

export interface EnterpriseDetail extends EnterpriseSummary {
  contactName: string | null
  contactPhone: string | null
  restartOn: string | null
  liaison: { name: string; position: string | null; phone: string | null } | null
  visits: Connection<EnterpriseVisit>
  allocations: Connection<EnterpriseAllocation>
}

export const EnterpriseQuery: TypedDocumentNode<{ node: EnterpriseDetail | null }, { id: string }> = gql`
  query Enterprise($id: ID!) {
    node(id: $id) {
      ... on Enterprise {
        id name contactName contactPhone restartOn
        orgUnit { name }
        liaison { name position phone }
        visits(first: 50, orderBy: { field: DAY, direction: DESC }) { totalCount edges { node { id day actions note } } }
        allocations(first: 50) {
          totalCount
          edges { node { id quantity status line { enteredUnit item { name baseUnit packName packSize } } } }
        }
      }
    }
  }
`

export interface EnterpriseVisitInput {
  enterpriseID: string
  day: string
  actions: VisitAction[]
  note?: string
}

export const RecordEnterpriseVisitMutation: TypedDocumentNode<
  { recordEnterpriseVisit: { id: string } },
  { input: EnterpriseVisitInput }
> = gql`
  mutation RecordEnterpriseVisit($input: EnterpriseVisitInput!) {
    recordEnterpriseVisit(input: $input) { id }
  }
`

export type CareAgeGroup = 'ELDER' | 'CHILD'
export type CareReason = 'FAMILY_ILL' | 'FAMILY_ISOLATED' | 'FAMILY_DECEASED' | 'OTHER'
export const careReasons: readonly CareReason[] = ['FAMILY_ILL', 'FAMILY_ISOLATED', 'FAMILY_DECEASED', 'OTHER']

export interface CareCase {
  id: string
  person: string
  ageGroup: CareAgeGroup
  reason: CareReason
  reasonNote: string | null
  carer: string
  carerPhone: string | null
  checkEveryDays: number
  createdAt: string
  checkIns: Connection<{ at: string; note: string | null }>
}

export interface OverdueCase {
  case: { id: string }
  lastCheckIn: string | null
  daysOverdue: number
}

/** The active one-to-one cases in the committee's village, with the last check-in, and which are late. */
export const CareCasesQuery: TypedDocumentNode<{ careAssignments: Connection<CareCase>; overdueCareCases: OverdueCase[] }> = gql`
  query CareCases {
    careAssignments(first: 200, where: { active: true }, orderBy: { field: CREATED_AT }) {
      totalCount
      edges {
        node {
          id person ageGroup reason reasonNote carer carerPhone checkEveryDays createdAt
          checkIns(first: 1, orderBy: { field: AT, direction: DESC }) { totalCount edges { node { at note } } }
        }
      }
    }
    overdueCareCases { case { id } lastCheckIn daysOverdue }
  }
`

export const CheckInCareCaseMutation: TypedDocumentNode<
  { checkInCareCase: { id: string; at: string } },
  { caseID: string; note?: string }
> = gql`
  mutation CheckInCareCase($caseID: ID!, $note: String) {
    checkInCareCase(caseID: $caseID, note: $note) { id at }
  }
`

export interface CareCaseInput {
  person: string
  ageGroup: CareAgeGroup
  reason: CareReason
  reasonNote?: string
  carer: string
  carerPhone?: string
  checkEveryDays?: number
}

export const OpenCareCaseMutation: TypedDocumentNode<{ openCareCase: { id: string } }, { input: CareCaseInput }> = gql`
  mutation OpenCareCase($input: CareCaseInput!) {
    openCareCase(input: $input) { id }
  }
`

export type TravellerHelp = 'LODGING' | 'MEALS' | 'COUNSELLING' | 'TRAVEL'
export const travellerHelps: readonly TravellerHelp[] = ['LODGING', 'MEALS', 'COUNSELLING', 'TRAVEL']

/** One county's stranded travellers helped on one day: counts only, never names. */
export interface TravellerAid {
  id: string
  day: string
  travellers: number
  fromHubei: number
  help: string[]
  note: string | null
  county: { name: string }
}

/**
 * The travellers helped in the bureau's units, newest day first. 500 days of entries is more
 * than the epidemic's counties reported; the screen says so when there are more.
 */
export const TravellerAidsQuery: TypedDocumentNode<{ travellerAids: Connection<TravellerAid> }> = gql`
  query TravellerAids {
    travellerAids(first: 500, orderBy: { field: DAY, direction: DESC }) {
      totalCount
      edges { node { id day travellers fromHubei help note county { name } } }
    }
  }
`

export interface CountyOption {
  id: string
  name: string
}

/** The counties the bureau may record for: the server lists only those within its units. */
export const CountiesQuery: TypedDocumentNode<{ orgUnits: Connection<CountyOption> }> = gql`
  query Counties {
    orgUnits(first: 50, where: { level: COUNTY }, orderBy: { field: CODE }) { totalCount edges { node { id name } } }
  }
`

export interface TravellerAidInput {
  countyID: string
  day: string
  travellers: number
  fromHubei: number
  help: TravellerHelp[]
  note?: string
}

export const RecordTravellerAidMutation: TypedDocumentNode<
  { recordTravellerAid: { id: string } },
  { input: TravellerAidInput }
> = gql`
  mutation RecordTravellerAid($input: CreateTravellerAidInput!) {
    recordTravellerAid(input: $input) { id }
  }
`
