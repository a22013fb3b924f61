import { initGraphQLTada } from 'gql.tada'
import type { introspection } from './graphql-env'

/**
 * Writes a GraphQL document whose result and variable types TypeScript reads off the schema
 * (graphql-env.d.ts, generated from ../graph/*.graphql) and the document's own text: a field the
 * schema lacks, or a screen reading one the document does not ask for, fails the typecheck.
 * Fragments are not masked: a screen reads a fragment's fields where the document spreads it.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection
  disableMasking: true
  scalars: {
    ID: string
    Cursor: string
    /** An exact decimal string in the item's base unit, never turned into a JavaScript number. */
    Quantity: string
    /** RFC 3339. */
    Time: string
    /** A JSON number (or, from some proxies, a string); money is turned into BigInt before any arithmetic. */
    Int64: number | string
  }
}>()

export type { ResultOf } from 'gql.tada'

/** A named type of the schema as TypeScript sees it: an enum's values, an input object's fields, a scalar. */
export type SchemaType<Name extends string> = ReturnType<typeof graphql.scalar<Name>>

/** A connection as entgql writes it: edges and their nodes may each be null in the schema. */
interface Connection<Node> {
  edges?: readonly ({ node?: Node | null } | null)[] | null
}

/** The nodes of a connection that are there, in order: what every list screen shows. */
export function nodes<Node>(connection: Connection<Node> | null | undefined): Node[] {
  return (connection?.edges ?? []).flatMap((edge) => (edge?.node ? [edge.node] : []))
}

/** The type of a connection's nodes, as `nodes` returns them. */
export type NodeOf<C> = C extends Connection<infer Node> | null | undefined ? Node : never

/**
 * The answer of `node(id:)` when it is of the type the screen asked for (the query selects
 * `__typename`), else null: an id of another type answers an object with none of the fields.
 */
export function nodeOf<Answer extends { __typename?: string }, Typename extends string>(
  node: Answer | null | undefined,
  typename: Typename,
): Extract<Answer, { __typename: Typename }> | null {
  return node?.__typename === typename ? (node as Extract<Answer, { __typename: Typename }>) : null
}
