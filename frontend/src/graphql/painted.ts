import { makeResult, type Exchange, type Operation } from '@urql/core'
import { filter, map, merge, pipe, share } from 'wonka'

/**
 * Answers a query from what the server painted the page with (internal/app/shell.go runs the
 * SPA's own query for the public list, a public trail or a QR landing and sends the answer
 * with the page): `take` gives that answer for the first identical query, once, and nothing
 * afterwards. The answer comes at once, so the screen mounts with the content the painted
 * page showed, instead of a skeleton while the same data crosses a slow link a second time.
 * Every other operation goes on to the network.
 */
export function paintedExchange(take: (operation: Operation) => Record<string, unknown> | undefined): Exchange {
  return ({ forward }) =>
    (operations$) => {
      const claimed = pipe(
        operations$,
        map((operation) => ({ operation, data: operation.kind === 'query' ? take(operation) : undefined })),
        share,
      )
      const answered = pipe(
        claimed,
        filter(({ data }) => data !== undefined),
        map(({ operation, data }) => makeResult(operation, { data })),
      )
      const forwarded = forward(
        pipe(
          claimed,
          filter(({ data }) => data === undefined),
          map(({ operation }) => operation),
        ),
      )
      return merge([answered, forwarded])
    }
}
