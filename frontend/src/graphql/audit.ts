import { gql, type TypedDocumentNode } from '@urql/core'

/** The audit chain's head at the end of a day: what an outsider notes to check the record later. */
export interface ChainHead {
  day: string
  events: number
  hash: string
}

/** Public: the chain's heads of the last week, newest first. */
export const AuditChainHeadsQuery: TypedDocumentNode<{ auditChainHeads: ChainHead[] }> = gql`
  query AuditChainHeads {
    auditChainHeads(days: 7) { day events hash }
  }
`
