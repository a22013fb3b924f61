import { gql, type TypedDocumentNode } from '@urql/core'
import type { AuthPayload, Viewer } from './schema'

const authFields = `
  token
  expiresAt
  viewer {
    id
    username
    displayName
    role
    scopeName
  }
`

export const LoginMutation: TypedDocumentNode<{ login: AuthPayload }, { username: string; password: string }> = gql`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) { ${authFields} }
  }
`

/** Logging in on a phone that is kept: a 30-day session for this device, which its owner can end from any other. */
export const RememberLoginMutation: TypedDocumentNode<{ login: AuthPayload }, { username: string; password: string }> = gql`
  mutation RememberLogin($username: String!, $password: String!) {
    login(username: $username, password: $password, remember: true) { ${authFields} }
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

/** One login on one device, as the profile lists them. */
export interface DeviceSession {
  id: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  userAgent: string
  current: boolean
}

export const MySessionsQuery: TypedDocumentNode<{ mySessions: DeviceSession[] }> = gql`
  query MySessions {
    mySessions { id createdAt lastSeenAt expiresAt userAgent current }
  }
`

export const EndSessionMutation: TypedDocumentNode<{ endSession: boolean }, { id: string }> = gql`
  mutation EndSession($id: ID!) {
    endSession(id: $id)
  }
`

export const SignOutEverywhereMutation: TypedDocumentNode<{ signOutEverywhere: number }> = gql`
  mutation SignOutEverywhere {
    signOutEverywhere
  }
`
