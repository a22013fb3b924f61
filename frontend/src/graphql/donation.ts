import { graphql, type NodeOf, type ResultOf, type SchemaType } from './tada'

/*
 * The documents of the donation ledger (graph/donation.graphql); the screens' types are read
 * off them. Each query asks only for what its screen shows.
 */

export const ItemFields = graphql(`
  fragment ItemFields on Item { id name baseUnit packName packSize }
`)

/** Enough of a recipient (the union OrgUnit | Institution | Enterprise) to name it. */
export const RecipientFields = graphql(`
  fragment RecipientFields on Recipient {
    __typename
    ... on OrgUnit { id name }
    ... on Institution { id name }
    ... on Enterprise { id name }
  }
`)

export type Recipient = ResultOf<typeof RecipientFields>

const LineFields = graphql(
  `
    fragment LineFields on DonationLine { id quantity enteredQuantity enteredUnit item { ...ItemFields } }
  `,
  [ItemFields],
)

/** The charity office's list: newest first, with the counts for each donation's progress bar. */
export const DonationsQuery = graphql(
  `
    query Donations {
      donations(first: 100, orderBy: { field: DONATED_ON, direction: DESC }) {
        totalCount
        edges {
          node {
            id
            receiptNo
            donatedOn
            purpose
            donor { name }
            lines {
              ...LineFields
              recipients: allocations(where: { statusNEQ: CANCELLED }) { totalCount }
              confirmed: allocations(where: { statusIn: [RECEIVED, DISPUTED] }) { totalCount }
            }
          }
        }
      }
    }
  `,
  [LineFields],
)

export type DonationSummary = NodeOf<ResultOf<typeof DonationsQuery>['donations']>

/** What the new-donation form picks from. */
export const DonationFormOptionsQuery = graphql(
  `
    query DonationFormOptions {
      donors(first: 500, orderBy: { field: NAME }) { totalCount edges { node { id name } } }
      items(first: 200, orderBy: { field: NAME }) { totalCount edges { node { ...ItemFields } } }
    }
  `,
  [ItemFields],
)

export type CreateDonationInput = SchemaType<'CreateDonationInput'>

export const CreateDonationMutation = graphql(`
  mutation CreateDonation($input: CreateDonationInput!) {
    createDonation(input: $input) { id }
  }
`)

/**
 * The one source of every count shown of a donation (the server's donationProgress): each
 * allocation is in exactly one of planned, dispatched, received and disputed, and confirmed is
 * received + disputed, so the headline, the chart and the chase list always agree.
 */
const ProgressFields = graphql(`
  fragment ProgressFields on DonationProgress {
    recipients confirmed received disputed dispatched planned stale leftOut
    lines { line { id } donated allocated dispatched received }
  }
`)

export type DonationProgress = ResultOf<typeof ProgressFields>

/** One donation with its lines, its progress, and the allocations still waiting to be dispatched. */
export const DonationDetailQuery = graphql(
  `
    query DonationDetail($id: ID!) {
      node(id: $id) {
        __typename
        ... on Donation {
          id receiptNo donatedOn purpose
          donor { name }
          lines { ...LineFields leftOut { ...RecipientFields } }
        }
      }
      donationProgress(id: $id) { ...ProgressFields }
      allocations(first: 1000, where: { status: PLANNED, hasLineWith: [{ donationID: $id }] }) {
        totalCount
        edges { node { id } }
      }
    }
  `,
  [LineFields, RecipientFields, ProgressFields],
)

export type DonationLine = NonNullable<Extract<ResultOf<typeof DonationDetailQuery>['node'], { __typename: 'Donation' }>['lines']>[number]

/**
 * Recipients' org unit paths, which say which county's delivery sheet each one is on, the
 * county names, and the donor certificate's address (with the check code that shows it in full).
 */
export const DonationCountiesQuery = graphql(`
  query DonationCounties($id: ID!) {
    node(id: $id) { __typename ... on Donation { certificatePath } }
    allocations(first: 1000, where: { statusNEQ: CANCELLED, hasLineWith: [{ donationID: $id }] }) {
      totalCount
      edges {
        node {
          recipient {
            __typename
            ... on OrgUnit { path }
            ... on Institution { orgUnit { path } }
            ... on Enterprise { orgUnit { path } }
          }
        }
      }
    }
    orgUnits(first: 50, where: { levelIn: [CITY, COUNTY] }) { totalCount edges { node { code name } } }
  }
`)

/** What was sent, to whom, and what the recipient reported. */
const DisputedAllocationFields = graphql(
  `
    fragment DisputedAllocationFields on Allocation {
      id quantity
      recipient { ...RecipientFields }
      line { id enteredUnit item { ...ItemFields } }
      receipt { receivedQuantity rejectedQuantity rejectReason note }
    }
  `,
  [RecipientFields, ItemFields],
)

/** The donation's disputes still open: what was sent, to whom, and what the recipient reported. */
export const OpenDisputesQuery = graphql(
  `
    query OpenDisputes($id: ID!) {
      disputes(first: 200, where: { status: OPEN, hasAllocationWith: [{ hasLineWith: [{ donationID: $id }] }] }, orderBy: { field: OPENED_AT }) {
        totalCount
        edges {
          node {
            id reason openedAt
            allocation { ...DisputedAllocationFields }
          }
        }
      }
    }
  `,
  [DisputedAllocationFields],
)

export type OpenDispute = NodeOf<ResultOf<typeof OpenDisputesQuery>['disputes']>

/** The donation's disputes already settled, newest first: what was reported and how it was settled. */
export const ResolvedDisputesQuery = graphql(
  `
    query ResolvedDisputes($id: ID!) {
      disputes(first: 200, where: { status: RESOLVED, hasAllocationWith: [{ hasLineWith: [{ donationID: $id }] }] }, orderBy: { field: OPENED_AT, direction: DESC }) {
        totalCount
        edges {
          node {
            id reason openedAt resolution resolvedAt replacementID
            allocation { ...DisputedAllocationFields }
          }
        }
      }
    }
  `,
  [DisputedAllocationFields],
)

export const ResolveDisputeMutation = graphql(`
  mutation ResolveDispute($input: ResolveDisputeInput!) {
    resolveDispute(input: $input) { id replacementID }
  }
`)

export const DispatchAllocationsMutation = graphql(`
  mutation DispatchAllocations($ids: [ID!]!) {
    dispatchAllocations(ids: $ids) { id }
  }
`)

/** The progress page: counts for the chart, each line's amounts, and what arrived differently from what was sent. */
export const DonationProgressQuery = graphql(
  `
    query DonationProgress($id: ID!) {
      node(id: $id) {
        __typename
        ... on Donation {
          id receiptNo donatedOn purpose
          donor { name }
          lines { ...LineFields }
        }
      }
      donationProgress(id: $id) { ...ProgressFields }
      allocations(first: 500, where: { status: DISPUTED, hasLineWith: [{ donationID: $id }] }) {
        totalCount
        edges { node { ...DisputedAllocationFields } }
      }
    }
  `,
  [LineFields, ProgressFields, DisputedAllocationFields],
)

const OrgUnitOptionFields = graphql(`
  fragment OrgUnitOptionFields on OrgUnit { id code name path }
`)

/** The line being split, and the county whose villages are offered as recipients. */
export const AllocateOptionsQuery = graphql(
  `
    query AllocateOptions($lineID: ID!, $countyCode: String!) {
      node(id: $lineID) {
        __typename
        ... on DonationLine {
          ...LineFields
          donation { id donor { name } }
        }
      }
      orgUnits(first: 1, where: { code: $countyCode }) { totalCount edges { node { ...OrgUnitOptionFields } } }
    }
  `,
  [LineFields, OrgUnitOptionFields],
)

/** The villages under a county (by its path), for picking recipients one by one. */
export const VillagesQuery = graphql(
  `
    query Villages($path: String!) {
      orgUnits(first: 500, where: { level: VILLAGE, pathHasPrefix: $path }, orderBy: { field: CODE }) {
        totalCount
        edges { node { ...OrgUnitOptionFields } }
      }
    }
  `,
  [OrgUnitOptionFields],
)

export type AllocateInput = SchemaType<'AllocateInput'>

/** The villages a line's split left out, to send the next delivery to. */
export const LeftOutQuery = graphql(
  `
    query LeftOut($id: ID!) {
      node(id: $id) { __typename ... on DonationLine { id leftOut { ...RecipientFields } } }
    }
  `,
  [RecipientFields],
)

/** The streets and towns of a county, for "these streets first". */
export const StreetsQuery = graphql(
  `
    query Streets($path: String!) {
      orgUnits(first: 200, where: { level: TOWN, pathHasPrefix: $path }, orderBy: { field: CODE }) {
        totalCount
        edges { node { ...OrgUnitOptionFields } }
      }
    }
  `,
  [OrgUnitOptionFields],
)

/** Lines of an item with something left to allocate: where the next delivery can come from. */
export const OpenLinesQuery = graphql(
  `
    query OpenLines($itemID: ID!) {
      openLines(itemID: $itemID) {
        line { id enteredUnit item { ...ItemFields } donation { id receiptNo donorName } }
        available
      }
    }
  `,
  [ItemFields],
)

export type OpenLine = ResultOf<typeof OpenLinesQuery>['openLines'][number]

/** The chase list: who has not signed, oldest first, with whom to call. */
export const WaitingQuery = graphql(
  `
    query Waiting($id: ID!) {
      waiting(donationID: $id) {
        state since phone contact
        street { id name }
        recipient { ...RecipientFields }
        allocation { id quantity }
        line { id enteredUnit item { ...ItemFields } }
      }
    }
  `,
  [RecipientFields, ItemFields],
)

export type Waiting = ResultOf<typeof WaitingQuery>['waiting'][number]

export const PreviewAllocationQuery = graphql(
  `
    query PreviewAllocation($input: AllocateInput!) {
      previewAllocation(input: $input) {
        shares { recipient { ...RecipientFields } quantity packs }
        total leftover emptyShares available
      }
    }
  `,
  [RecipientFields],
)

export type SplitPreview = ResultOf<typeof PreviewAllocationQuery>['previewAllocation']

export const AllocateDonationMutation = graphql(`
  mutation AllocateDonation($input: AllocateInput!) {
    allocateDonation(input: $input) { allocations { id } leftover emptyShares }
  }
`)

/**
 * A delivery as its recipient sees it. A recipient (village committee or institution) may not
 * read donors, but it may read the name the public page gives the donor (donorName), with the
 * receipt number that the paper sheet carries; the day that matters to the recipient is the day
 * it was sent (dispatchedAt).
 */
const AllocationDetailFields = graphql(
  `
    fragment AllocationDetailFields on Allocation {
      __typename id quantity status dispatchedAt
      line {
        enteredUnit
        item { ...ItemFields }
        donation { receiptNo donorName }
      }
      recipient { ...RecipientFields }
      receipt { receiptNo confirmedAt receivedQuantity rejectedQuantity rejectReason note }
      dispute { status resolution }
    }
  `,
  [ItemFields, RecipientFields],
)

export type AllocationDetail = ResultOf<typeof AllocationDetailFields>

export const AllocationQuery = graphql(
  `
    query Allocation($id: ID!) {
      node(id: $id) {
        ... on Allocation { ...AllocationDetailFields }
      }
    }
  `,
  [AllocationDetailFields],
)

/**
 * What is on its way to the committee's own village (the server limits the list to it), each
 * with everything its own page shows, so that the list, once fetched, also keeps each
 * delivery's page on the phone for a visit with no signal.
 */
export const IncomingAllocationsQuery = graphql(
  `
    query IncomingAllocations {
      allocations(first: 200, where: { status: DISPATCHED }, orderBy: { field: CREATED_AT, direction: DESC }) {
        totalCount
        edges { node { ...AllocationDetailFields } }
      }
    }
  `,
  [AllocationDetailFields],
)

/** What the viewer's village signed for, newest first (only its own receipts: the data layer's rules scope them). */
export const ReceiptHistoryQuery = graphql(
  `
    query ReceiptHistory {
      receipts(first: 200, orderBy: { field: CONFIRMED_AT, direction: DESC }) {
        totalCount
        edges { node { id allocation { ...AllocationDetailFields } } }
      }
    }
  `,
  [AllocationDetailFields],
)

const PublicLineFields = graphql(`
  fragment PublicLineFields on PublicLine { item quantity baseUnit packName packSize enteredQuantity enteredUnit }
`)

/** The transparency page: no token is sent or needed. */
export const PublicDonationsQuery = graphql(
  `
    query PublicDonations {
      publicDonations(first: 50) {
        id donor donatedOn purpose recipients confirmed
        lines { ...PublicLineFields }
      }
    }
  `,
  [PublicLineFields],
)

/** Where each part of each line went, and, once signed, who signed, when, how much and why anything was refused. */
export const DonationTrailQuery = graphql(
  `
    query DonationTrail($id: ID!) {
      donationTrail(id: $id) {
        id donor donatedOn purpose recipients confirmed
        lines {
          ...PublicLineFields
          allocations {
            id recipient county quantity status underReview confirmedAt receivedQuantity signedBy receiptNo
            rejectedQuantity rejectReason
          }
        }
      }
    }
  `,
  [PublicLineFields],
)

export type PublicAllocation = NonNullable<ResultOf<typeof DonationTrailQuery>['donationTrail']>['lines'][number]['allocations'][number]

/** One delivery as its sheet's QR code shows it before login: only what the public trail shows. */
export const PublicDeliveryQuery = graphql(`
  query PublicDelivery($id: ID!) {
    publicDelivery(id: $id) { id donor item quantity baseUnit packName packSize enteredUnit recipient county status }
  }
`)

/** A receipt as its public check page shows it: the delivery and, once signed, the signature. */
export const ReceiptCheckQuery = graphql(`
  query ReceiptCheck($id: ID!) {
    publicDelivery(id: $id) {
      id donor item quantity baseUnit packName packSize enteredUnit recipient county status
      donationID confirmedAt receivedQuantity signedBy receiptNo rejectedQuantity rejectReason
    }
  }
`)

/** The bureau's view of the donations that reached its units (the server keeps it to them). */
export const DonationOverviewQuery = graphql(
  `
    query DonationOverview {
      donationOverview {
        openDisputes
        items { item { ...ItemFields } allocated received recipients confirmed }
        counties { county { id name } recipients confirmed disputed }
        donations { donation { id receiptNo donatedOn donorName } recipients confirmed disputed openDisputes }
      }
    }
  `,
  [ItemFields],
)
