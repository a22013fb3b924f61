import { gql, type TypedDocumentNode } from '@urql/core'
import type { AuthPayload, Viewer } from './schema'

export const LoginMutation: TypedDocumentNode<
  { login: AuthPayload },
  { username: string; password: string }
> = gql`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      token
      expiresAt
      viewer {
        id
        username
        displayName
        role
        scopeName
      }
    }
  }
`

export const ViewerQuery: TypedDocumentNode<{ viewer: Viewer | null }> = gql`
  query Viewer {
    viewer {
      id
      username
      displayName
      role
      scopeName
    }
  }
`
