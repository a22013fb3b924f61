import { graphql, type NodeOf, type ResultOf, type SchemaType } from './tada'

/*
 * The documents of hardship relief, one-to-one care and enterprise liaison (graph/relief.graphql).
 * Money is integer fen as an Int64 JSON number; it is turned into BigInt before any arithmetic.
 */

export type ReliefStage = SchemaType<'ReliefPaymentStage'>

/** Integer fen as the server sends an Int64: a JSON number (or, from some proxies, a string). */
export type Fen = SchemaType<'Int64'>

export const ReliefTotalsQuery = graphql(`
  query ReliefTotals {
    byProgramme: reliefTotals(groupBy: [PROGRAMME]) { programme stage persons amountFen }
    byCounty: reliefTotals(groupBy: [COUNTY]) { county stage persons amountFen }
    byMonth: reliefTotals(groupBy: [MONTH]) { month stage persons amountFen }
  }
`)

type Totals = ResultOf<typeof ReliefTotalsQuery>

/** One group's totals, with the field it was grouped by (programme, county or month). */
export type ReliefTotal = Pick<Totals['byProgramme'][number], 'stage' | 'persons' | 'amountFen'> &
  Partial<Pick<Totals['byProgramme'][number], 'programme'> & Pick<Totals['byCounty'][number], 'county'> & Pick<Totals['byMonth'][number], 'month'>>

/** One row error of a refused relief sheet (POST /api/relief/import answers them): the spreadsheet row number and the column's header. */
export interface SheetRowError {
  row: number
  column: string
  message: string
}

/** What POST /api/relief/import answers for a sheet it took. */
export interface ImportResult {
  created: number
  updated: number
  errors: SheetRowError[] | null
}

export const EnterprisesQuery = graphql(`
  query Enterprises {
    enterprises(first: 200, orderBy: { field: NAME }) {
      totalCount
      edges { node { id name orgUnit { name } liaison { name } } }
    }
  }
`)

/** What a liaison did on a visit; the schema keeps them as strings, the server checks them against this list. */
export type VisitAction = 'POLICY' | 'DISINFECTION' | 'SUPPLIES' | 'TEMPERATURE'
export const visitActions: readonly VisitAction[] = ['POLICY', 'DISINFECTION', 'SUPPLIES', 'TEMPERATURE']

export const EnterpriseQuery = graphql(`
  query Enterprise($id: ID!) {
    node(id: $id) {
      __typename
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
`)

export const RecordEnterpriseVisitMutation = graphql(`
  mutation RecordEnterpriseVisit($input: EnterpriseVisitInput!) {
    recordEnterpriseVisit(input: $input) { id }
  }
`)

export type CareAgeGroup = SchemaType<'CareAssignmentAgeGroup'>
export type CareReason = SchemaType<'CareAssignmentReason'>
export const careReasons = ['FAMILY_ILL', 'FAMILY_ISOLATED', 'FAMILY_DECEASED', 'OTHER'] as const satisfies readonly CareReason[]

/** The active one-to-one cases in the committee's village, with the last check-in, and which are late. */
export const CareCasesQuery = graphql(`
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
`)

export type CareCase = NodeOf<ResultOf<typeof CareCasesQuery>['careAssignments']>
export type OverdueCase = ResultOf<typeof CareCasesQuery>['overdueCareCases'][number]

export const CheckInCareCaseMutation = graphql(`
  mutation CheckInCareCase($caseID: ID!, $note: String) {
    checkInCareCase(caseID: $caseID, note: $note) { id at }
  }
`)

export const OpenCareCaseMutation = graphql(`
  mutation OpenCareCase($input: CareCaseInput!) {
    openCareCase(input: $input) { id }
  }
`)

/** What a county gave stranded travellers; the schema keeps them as strings, the server checks them against this list. */
export type TravellerHelp = 'LODGING' | 'MEALS' | 'COUNSELLING' | 'TRAVEL'
export const travellerHelps: readonly TravellerHelp[] = ['LODGING', 'MEALS', 'COUNSELLING', 'TRAVEL']

/**
 * The travellers helped in the bureau's units, newest day first: counts only, never names. 500
 * days of entries is more than the epidemic's counties reported; the screen says so when there
 * are more.
 */
export const TravellerAidsQuery = graphql(`
  query TravellerAids {
    travellerAids(first: 500, orderBy: { field: DAY, direction: DESC }) {
      totalCount
      edges { node { id day travellers fromHubei help note county { name } } }
    }
  }
`)

export type TravellerAid = NodeOf<ResultOf<typeof TravellerAidsQuery>['travellerAids']>

/** The counties the bureau may record for: the server lists only those within its units. */
export const CountiesQuery = graphql(`
  query Counties {
    orgUnits(first: 50, where: { level: COUNTY }, orderBy: { field: CODE }) { totalCount edges { node { id name } } }
  }
`)

export type CountyOption = NodeOf<ResultOf<typeof CountiesQuery>['orgUnits']>

export const RecordTravellerAidMutation = graphql(`
  mutation RecordTravellerAid($input: CreateTravellerAidInput!) {
    recordTravellerAid(input: $input) { id }
  }
`)
