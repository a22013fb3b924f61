import { graphql, type ResultOf, type SchemaType } from './tada'

/*
 * The documents of epidemic control (graph/control.graphql): the institutions' daily
 * reports, the supervision groups' inspections, the problems they raise, and the bureau's
 * dashboard. Days are YYYY-MM-DD strings in China time.
 */

export type ProblemSeverity = SchemaType<'ProblemSeverity'>
export type ProblemStatus = SchemaType<'ProblemStatus'>

/**
 * A daily report as the institution sees it: compliant is the server's judgement of the 2+1+1
 * rule and the rest, problems say why not in words the institution acts on; disinfectant is in
 * kilograms.
 */
const ReportFields = graphql(`
  fragment ReportFields on ControlReport {
    id day fullDisinfections roomDisinfections publicDisinfections temperatureChecks abnormalTemperatures
    returnees { label returnedOn isolationStart isolationEnd }
    masksInStock disinfectantInStock thermometers compliant problems revision
  }
`)

export type ControlReport = ResultOf<typeof ReportFields>

/** The institution's two latest reports (the server keeps to its own): today's, if filed, and the one before. */
export const LatestReportsQuery = graphql(
  `
    query LatestReports {
      controlReports(orderBy: { field: DAY, direction: DESC }, first: 2) {
        totalCount
        edges { node { ...ReportFields } }
      }
    }
  `,
  [ReportFields],
)

export type ControlReportInput = SchemaType<'ControlReportInput'>

/** Files today's report (the server dates it); filing again the same day makes a new revision. */
export const FileControlReportMutation = graphql(
  `
    mutation FileControlReport($input: ControlReportInput!) {
      fileControlReport(input: $input) { ...ReportFields }
    }
  `,
  [ReportFields],
)

const ProblemFields = graphql(`
  fragment ProblemFields on Problem {
    id description severity assignee deadline status resolution resolvedOn
    institution { id name }
    inspection { day }
  }
`)

export type ProblemItem = ResultOf<typeof ProblemFields>

/**
 * Problems in the viewer's scope (an institution's own, an inspector's group's), soonest
 * deadline first, with the overdue ones named. `where` narrows them, e.g. to the unresolved.
 */
export const ProblemsQuery = graphql(
  `
    query Problems($where: ProblemWhereInput) {
      problems(first: 200, where: $where, orderBy: { field: DEADLINE }) {
        totalCount
        edges { node { ...ProblemFields } }
      }
      overdueProblems { id }
    }
  `,
  [ProblemFields],
)

export const UpdateProblemMutation = graphql(
  `
    mutation UpdateProblem($id: ID!, $status: ProblemStatus!, $resolution: String) {
      updateProblem(id: $id, status: $status, resolution: $resolution) { ...ProblemFields }
    }
  `,
  [ProblemFields],
)

/** The inspector's group's institutions (the server keeps to them), each with its latest report. */
export const GroupInstitutionsQuery = graphql(`
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
`)

export const InstitutionQuery = graphql(`
  query Institution($id: ID!) {
    node(id: $id) { __typename ... on Institution { id name contactName } }
  }
`)

export type InspectionInput = SchemaType<'InspectionInput'>

export const RecordInspectionMutation = graphql(`
  mutation RecordInspection($input: InspectionInput!) {
    recordInspection(input: $input) { id problems { id } }
  }
`)

/** The bureau's figures for today (the server's day in China) and the institutions still to report. */
export const ControlDashboardQuery = graphql(`
  query ControlDashboard {
    controlDashboard {
      day institutions reported compliant openProblems overdueProblems
      byKind { kind count }
      byCounty { county count }
      inspectionsByWeek { group week count }
    }
    institutionsWithoutReport { id name orgUnit { name } }
  }
`)

export type ControlDashboard = ResultOf<typeof ControlDashboardQuery>['controlDashboard']
