import { createRequest, stringifyDocument, type DocumentInput } from '@urql/core'

/**
 * The text of a document as the persisted-query exchange hashes it: urql prints the document it
 * keys for a request, so the build's list (scripts/persisted.js) takes the text the same way and
 * its hashes are the ones the SPA sends.
 */
export function persistedText(document: DocumentInput<unknown, never>): string {
  return stringifyDocument(createRequest(document, {} as never).query)
}
