import { gql, type TypedDocumentNode } from '@urql/core'
import type { AuthPayload, Viewer } from './schema'

export const LoginMutation: TypedDocumentNode<
  { login: AuthPayload },
  { username: string; password: string; remember?: boolean }
> = gql`
  mutation Login($username: String!, $password: String!, $remember: Boolean = false) {
    login(username: $username, password: $password, remember: $remember) {
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
