import { graphql, type ResultOf } from './tada'

/** The logged-in user as `viewer` and `login` return it; scopeName is null when the role sees everything. */
export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    username
    displayName
    role
    scopeName
  }
`)

const AuthFields = graphql(
  `
    fragment AuthFields on AuthPayload {
      token
      expiresAt
      viewer { ...ViewerFields }
    }
  `,
  [ViewerFields],
)

export const LoginMutation = graphql(
  `
    mutation Login($username: String!, $password: String!) {
      login(username: $username, password: $password) { ...AuthFields }
    }
  `,
  [AuthFields],
)

/** Logging in on a phone that is kept: a 30-day session for this device, which its owner can end from any other. */
export const RememberLoginMutation = graphql(
  `
    mutation RememberLogin($username: String!, $password: String!) {
      login(username: $username, password: $password, remember: true) { ...AuthFields }
    }
  `,
  [AuthFields],
)

export const ViewerQuery = graphql(
  `
    query Viewer {
      viewer { ...ViewerFields }
    }
  `,
  [ViewerFields],
)

/** One login on one device, as the profile lists them. */
export const MySessionsQuery = graphql(`
  query MySessions {
    mySessions { id createdAt lastSeenAt expiresAt userAgent current }
  }
`)

export type DeviceSession = ResultOf<typeof MySessionsQuery>['mySessions'][number]

export const EndSessionMutation = graphql(`
  mutation EndSession($id: ID!) {
    endSession(id: $id)
  }
`)

export const SignOutEverywhereMutation = graphql(`
  mutation SignOutEverywhere {
    signOutEverywhere
  }
`)
