import { graphql } from './tada'

/** Public: the audit chain's heads at the end of each of the last seven days, newest first: what an outsider notes to check the record later. */
export const AuditChainHeadsQuery = graphql(`
  query AuditChainHeads {
    auditChainHeads(days: 7) { day events hash }
  }
`)
