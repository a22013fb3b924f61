import { gql, type TypedDocumentNode } from '@urql/core'
import type { Connection } from './donation'
import type { Quantity } from './schema'

/*
 * The documents of epidemic control (graph/control.graphql): the institutions' daily
 * reports, the supervision groups' inspections, the problems they raise, and the bureau's
 * dashboard. Days are YYYY-MM-DD strings in China time.
 */

export type InstitutionKind = 'ELDERLY_CARE' | 'CHILD_WELFARE' | 'RELIEF_STATION' | 'FUNERAL' | 'MENTAL_HEALTH' | 'REHABILITATION'
export type ProblemSeverity = 'LOW' | 'MEDIUM' | 'HIGH'
export type ProblemStatus = 'OPEN' | 'IN_PROGRESS' | 'RESOLVED'

export interface Returnee {
  label: string
  returnedOn: string
  isolationStart: string | null
  isolationEnd: string | null
}

export interface ControlReport {
  id: string
  day: string
  fullDisinfections: number
  roomDisinfections: number
  publicDisinfections: number
  temperatureChecks: number
  abnormalTemperatures: number
  returnees: Returnee[] | null
  masksInStock: number
  /** Kilograms. */
  disinfectantInStock: Quantity
  thermometers: number
  /** The server's judgement of the 2+1+1 rule and the rest. */
  compliant: boolean
  /** Why it is not compliant, in words the institution acts on. */
  problems: string[] | null
  revision: number
}

const reportFields = `
  id day fullDisinfections roomDisinfections publicDisinfections temperatureChecks abnormalTemperatures
  returnees { label returnedOn isolationStart isolationEnd }
  masksInStock disinfectantInStock thermometers compliant problems revision
`

/** The institution's two latest reports (the server keeps to its own): today's, if filed, and the one before. */
export const LatestReportsQuery: TypedDocumentNode<{ controlReports: Connection<ControlReport> }> = gql`
  query LatestReports {
    controlReports(orderBy: { field: DAY, direction: DESC }, first: 2) {
      totalCount
      edges { node { ${reportFields} } }
    }
  }
`

export interface ControlReportInput {
  fullDisinfections: number
  roomDisinfections: number
  publicDisinfections: number
  temperatureChecks: number
  abnormalTemperatures: number
  returnees: { label: string; returnedOn: string; isolationStart?: string; isolationEnd?: string }[]
  masksInStock: number
  disinfectantInStock: Quantity
  thermometers: number
}

/** Files today's report (the server dates it); filing again the same day makes a new revision. */
export const FileControlReportMutation: TypedDocumentNode<
  { fileControlReport: ControlReport },
  { input: ControlReportInput }
> = gql`
  mutation FileControlReport($input: ControlReportInput!) {
    fileControlReport(input: $input) { ${reportFields} }
  }
`

export interface ProblemItem {
  id: string
  description: string
  severity: ProblemSeverity
  assignee: string
  deadline: string
  status: ProblemStatus
  resolution: string | null
  resolvedOn: string | null
  institution: { id: string; name: string }
  inspection: { day: string }
}

const problemFields = `
  id description severity assignee deadline status resolution resolvedOn
  institution { id name }
  inspection { day }
`

/**
 * Problems in the viewer's scope (an institution's own, an inspector's group's), soonest
 * deadline first, with the overdue ones named. `where` narrows them, e.g. to the unresolved.
 */
export const ProblemsQuery: TypedDocumentNode<
  { problems: Connection<ProblemItem>; overdueProblems: { id: string }[] },
  { where: { statusNEQ?: ProblemStatus } }
> = gql`
  query Problems($where: ProblemWhereInput) {
    problems(first: 200, where: $where, orderBy: { field: DEADLINE }) {
      totalCount
      edges { node { ${problemFields} } }
    }
    overdueProblems { id }
  }
`

export const UpdateProblemMutation: TypedDocumentNode<
  { updateProblem: ProblemItem },
  { id: string; status: ProblemStatus; resolution?: string }
> = gql`
  mutation UpdateProblem($id: ID!, $status: ProblemStatus!, $resolution: String) {
    updateProblem(id: $id, status: $status, resolution: $resolution) { ${problemFields} }
  }
`

export interface InspectedInstitution {
  id: string
  name: string
  kind: InstitutionKind
  orgUnit: { name: string }
  reports: Connection<Pick<ControlReport, 'day' | 'compliant' | 'problems'>>
}

/** The inspector's group's institutions (the server keeps to them), each with its latest report. */
export const GroupInstitutionsQuery: TypedDocumentNode<{ institutions: Connection<InspectedInstitution> }> = gql`
  query GroupInstitutions {
    institutions(first: 200, orderBy: { field: NAME }) {
      totalCount
      edges {
        node {
          id name kind
          orgUnit { name }
          reports(first: 1, orderBy: { field: DAY, direction: DESC }) {
            totalCount
            edges { node { day compliant problems } }
          }
        }
      }
    }
  }
`

export const InstitutionQuery: TypedDocumentNode<
  { node: { id: string; name: string; contactName: string | null } | null },
  { id: string }
> = gql`
  query Institution($id: ID!) {
    node(id: $id) { ... on Institution { id name contactName } }
  }
`

export interface ProblemInput {
  description: string
  severity: ProblemSeverity
  assignee: string
  deadline: string
}

export interface InspectionInput {
  institutionID: string
  unannounced: boolean
  disinfectionsPerDay: number
  temperatureChecksPerDay: number
  suppliesPurchasingOk: boolean
  visitsSuspended: boolean
  safetyLine: boolean
  returneeIsolationOk: boolean
  findings?: string
  suppliesHandedOver?: string
  problems: ProblemInput[]
}

export const RecordInspectionMutation: TypedDocumentNode<
  { recordInspection: { id: string; problems: { id: string }[] | null } },
  { input: InspectionInput }
> = gql`
  mutation RecordInspection($input: InspectionInput!) {
    recordInspection(input: $input) { id problems { id } }
  }
`

export interface ControlDashboard {
  day: string
  institutions: number
  byKind: { kind: InstitutionKind; count: number }[]
  byCounty: { county: string; count: number }[]
  reported: number
  compliant: number
  openProblems: number
  overdueProblems: number
  inspectionsByWeek: { group: string; week: string; count: number }[]
}

/** The bureau's figures for today (the server's day in China) and the institutions still to report. */
export const ControlDashboardQuery: TypedDocumentNode<{
  controlDashboard: ControlDashboard
  institutionsWithoutReport: { id: string; name: string; orgUnit: { name: string } }[]
}> = gql`
  query ControlDashboard {
    controlDashboard {
      day institutions reported compliant openProblems overdueProblems
      byKind { kind count }
      byCounty { county count }
      inspectionsByWeek { group week count }
    }
    institutionsWithoutReport { id name orgUnit { name } }
  }
`
