import { graphql, type SchemaType } from './tada'

/*
 * Confirming receipt, apart from the other ledger documents: the offline queue starts with the
 * app and needs only this one, so the rest stay in the lazy chunks of the screens that use them.
 */

export type ConfirmReceiptInput = SchemaType<'ConfirmReceiptInput'>

export const ConfirmReceiptMutation = graphql(`
  mutation ConfirmReceipt($input: ConfirmReceiptInput!) {
    confirmReceipt(input: $input) { id }
  }
`)
