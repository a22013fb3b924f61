import { gql, type TypedDocumentNode } from '@urql/core'
import type { Quantity, RejectReason } from './schema'

/*
 * Confirming receipt, apart from the other ledger documents: the offline queue starts with the
 * app and needs only this one, so the rest stay in the lazy chunks of the screens that use them.
 */

export interface ConfirmReceiptInput {
  allocationID: string
  receivedQuantity?: Quantity
  rejectedQuantity?: Quantity
  rejectReason?: RejectReason
  note?: string
  idempotencyKey: string
}

export const ConfirmReceiptMutation: TypedDocumentNode<
  { confirmReceipt: { id: string } },
  { input: ConfirmReceiptInput }
> = gql`
  mutation ConfirmReceipt($input: ConfirmReceiptInput!) {
    confirmReceipt(input: $input) { id }
  }
`
