import { gql, type TypedDocumentNode } from '@urql/core'
import type {
  AllocationStatus,
  Item,
  ItemUnits,
  Quantity,
  RejectReason,
  FirstBy,
  SplitMethod,
  SplitUnit,
  Unit,
  WeightBy,
} from './schema'

/*
 * The documents of the donation ledger (graph/donation.graphql) with the result types the
 * screens read. Each query asks only for what its screen shows.
 */

const itemFields = 'id name baseUnit packName packSize'

/** Enough of a recipient (the union OrgUnit | Institution | Enterprise) to name it. */
const recipientFields = `
  __typename
  ... on OrgUnit { id name }
  ... on Institution { id name }
  ... on Enterprise { id name }
`

export interface Recipient {
  __typename: 'OrgUnit' | 'Institution' | 'Enterprise'
  id: string
  name: string
}

export interface Connection<T> {
  totalCount: number
  edges: { node: T }[]
}

export interface DonationLine {
  id: string
  quantity: Quantity
  enteredQuantity: Quantity
  enteredUnit: Unit
  item: Item
}

export interface DonationSummary {
  id: string
  receiptNo: string
  donatedOn: string
  purpose: string | null
  donor: { name: string }
  lines: (DonationLine & {
    recipients: { totalCount: number }
    confirmed: { totalCount: number }
  })[]
}

/** The charity office's list: newest first, with the counts for each donation's progress bar. */
export const DonationsQuery: TypedDocumentNode<{ donations: Connection<DonationSummary> }> = gql`
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
            id quantity enteredQuantity enteredUnit
            item { ${itemFields} }
            recipients: allocations(where: { statusNEQ: CANCELLED }) { totalCount }
            confirmed: allocations(where: { statusIn: [RECEIVED, DISPUTED] }) { totalCount }
          }
        }
      }
    }
  }
`

/** What the new-donation form picks from. */
export const DonationFormOptionsQuery: TypedDocumentNode<{
  donors: Connection<{ id: string; name: string }>
  items: Connection<Item>
}> = gql`
  query DonationFormOptions {
    donors(first: 500, orderBy: { field: NAME }) { totalCount edges { node { id name } } }
    items(first: 200, orderBy: { field: NAME }) { totalCount edges { node { ${itemFields} } } }
  }
`

export interface CreateDonationInput {
  donorID?: string
  newDonor?: { name: string }
  donatedOn: string
  purpose?: string
  receiptNo?: string
  lines: { itemID: string; quantity: Quantity; unit: Unit }[]
}

export const CreateDonationMutation: TypedDocumentNode<
  { createDonation: { id: string } },
  { input: CreateDonationInput }
> = gql`
  mutation CreateDonation($input: CreateDonationInput!) {
    createDonation(input: $input) { id }
  }
`

export interface LineProgress {
  line: { id: string }
  donated: Quantity
  allocated: Quantity
  dispatched: Quantity
  received: Quantity
}

/**
 * The one source of every count shown of a donation (the server's donationProgress): each
 * allocation is in exactly one of planned, dispatched, received and disputed, and confirmed is
 * received + disputed, so the headline, the chart and the chase list always agree.
 */
export interface DonationProgress {
  recipients: number
  confirmed: number
  received: number
  disputed: number
  dispatched: number
  planned: number
  stale: number
  leftOut: number
  lines: LineProgress[]
}

const progressFields = `
  recipients confirmed received disputed dispatched planned stale leftOut
  lines { line { id } donated allocated dispatched received }
`

export interface DonationDetail {
  id: string
  receiptNo: string
  donatedOn: string
  purpose: string | null
  donor: { name: string }
  lines: (DonationLine & { leftOut?: Recipient[] })[]
}

/** One donation with its lines, its progress, and the allocations still waiting to be dispatched. */
export const DonationDetailQuery: TypedDocumentNode<
  {
    node: DonationDetail | null
    donationProgress: DonationProgress
    allocations: Connection<{ id: string }>
  },
  { id: string }
> = gql`
  query DonationDetail($id: ID!) {
    node(id: $id) {
      ... on Donation {
        id receiptNo donatedOn purpose
        donor { name }
        lines { id quantity enteredQuantity enteredUnit item { ${itemFields} } leftOut { ${recipientFields} } }
      }
    }
    donationProgress(id: $id) { ${progressFields} }
    allocations(first: 1000, where: { status: PLANNED, hasLineWith: [{ donationID: $id }] }) {
      totalCount
      edges { node { id } }
    }
  }
`

/**
 * Recipients' org unit paths, which say which county's delivery sheet each one is on, the
 * county names, and the donor certificate's address (with the check code that shows it in full).
 */
export const DonationCountiesQuery: TypedDocumentNode<
  {
    allocations: Connection<{
      recipient: { __typename: 'OrgUnit'; path: string } | { __typename: 'Institution' | 'Enterprise'; orgUnit: { path: string } }
    }>
    orgUnits: Connection<{ code: string; name: string }>
    node: { certificatePath: string } | null
  },
  { id: string }
> = gql`
  query DonationCounties($id: ID!) {
    node(id: $id) { ... on Donation { certificatePath } }
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
`

export interface OpenDispute {
  id: string
  reason: string
  openedAt: string
  allocation: DisputedAllocation & { line: { id: string } }
}

/** The donation's disputes still open: what was sent, to whom, and what the recipient reported. */
export const OpenDisputesQuery: TypedDocumentNode<{ disputes: Connection<OpenDispute> }, { id: string }> = gql`
  query OpenDisputes($id: ID!) {
    disputes(first: 200, where: { status: OPEN, hasAllocationWith: [{ hasLineWith: [{ donationID: $id }] }] }, orderBy: { field: OPENED_AT }) {
      totalCount
      edges {
        node {
          id reason openedAt
          allocation {
            id quantity
            recipient { ${recipientFields} }
            line { id enteredUnit item { ${itemFields} } }
            receipt { receivedQuantity rejectedQuantity rejectReason note }
          }
        }
      }
    }
  }
`

export interface ResolvedDispute extends OpenDispute {
  resolution: string | null
  resolvedAt: string | null
  replacementID: string | null
}

/** The donation's disputes already settled, newest first: what was reported and how it was settled. */
export const ResolvedDisputesQuery: TypedDocumentNode<{ disputes: Connection<ResolvedDispute> }, { id: string }> = gql`
  query ResolvedDisputes($id: ID!) {
    disputes(first: 200, where: { status: RESOLVED, hasAllocationWith: [{ hasLineWith: [{ donationID: $id }] }] }, orderBy: { field: OPENED_AT, direction: DESC }) {
      totalCount
      edges {
        node {
          id reason openedAt resolution resolvedAt replacementID
          allocation {
            id quantity
            recipient { ${recipientFields} }
            line { enteredUnit item { ${itemFields} } }
            receipt { receivedQuantity rejectedQuantity rejectReason note }
          }
        }
      }
    }
  }
`

export const ResolveDisputeMutation: TypedDocumentNode<
  { resolveDispute: { id: string; replacementID: string | null } },
  { input: { disputeID: string; resolution: string; resend: boolean } }
> = gql`
  mutation ResolveDispute($input: ResolveDisputeInput!) {
    resolveDispute(input: $input) { id replacementID }
  }
`

export const DispatchAllocationsMutation: TypedDocumentNode<
  { dispatchAllocations: { id: string }[] },
  { ids: string[] }
> = gql`
  mutation DispatchAllocations($ids: [ID!]!) {
    dispatchAllocations(ids: $ids) { id }
  }
`

export interface DisputedAllocation {
  id: string
  quantity: Quantity
  recipient: Recipient
  line: { enteredUnit: Unit; item: Item }
  receipt: {
    receivedQuantity: Quantity
    rejectedQuantity: Quantity
    rejectReason: RejectReason | null
    note: string | null
  } | null
  dispute: { status: 'OPEN' | 'RESOLVED'; resolution: string | null } | null
}

/** The progress page: counts for the chart, each line's amounts, and what arrived differently from what was sent. */
export const DonationProgressQuery: TypedDocumentNode<
  {
    node: DonationDetail | null
    donationProgress: DonationProgress
    allocations: Connection<DisputedAllocation>
  },
  { id: string }
> = gql`
  query DonationProgress($id: ID!) {
    node(id: $id) {
      ... on Donation {
        id receiptNo donatedOn purpose
        donor { name }
        lines { id quantity enteredQuantity enteredUnit item { ${itemFields} } }
      }
    }
    donationProgress(id: $id) { ${progressFields} }
    allocations(first: 500, where: { status: DISPUTED, hasLineWith: [{ donationID: $id }] }) {
      totalCount
      edges {
        node {
          id quantity
          recipient { ${recipientFields} }
          line { enteredUnit item { ${itemFields} } }
          receipt { receivedQuantity rejectedQuantity rejectReason note }
        }
      }
    }
  }
`

export interface OrgUnitOption {
  id: string
  code: string
  name: string
  path: string
}

/** The line being split, and the county whose villages are offered as recipients. */
export const AllocateOptionsQuery: TypedDocumentNode<
  {
    node: (DonationLine & { donation: { id: string; donor: { name: string } } }) | null
    orgUnits: Connection<OrgUnitOption>
  },
  { lineID: string; countyCode: string }
> = gql`
  query AllocateOptions($lineID: ID!, $countyCode: String!) {
    node(id: $lineID) {
      ... on DonationLine {
        id quantity enteredQuantity enteredUnit
        item { ${itemFields} }
        donation { id donor { name } }
      }
    }
    orgUnits(first: 1, where: { code: $countyCode }) { totalCount edges { node { id code name path } } }
  }
`

/** The villages under a county (by its path), for picking recipients one by one. */
export const VillagesQuery: TypedDocumentNode<{ orgUnits: Connection<OrgUnitOption> }, { path: string }> = gql`
  query Villages($path: String!) {
    orgUnits(first: 500, where: { level: VILLAGE, pathHasPrefix: $path }, orderBy: { field: CODE }) {
      totalCount
      edges { node { id code name path } }
    }
  }
`

export interface AllocateInput {
  lineID: string
  method: SplitMethod
  splitUnit?: SplitUnit
  weightBy?: WeightBy
  recipients?: { villageIDs?: string[]; everyVillageUnder?: string }
  amount?: Quantity
  unit?: Unit
  shares?: { recipientID: string; quantity: Quantity; unit: Unit }[]
  firstBy?: FirstBy
  firstIDs?: string[]
}

/** The villages a line's split left out, to send the next delivery to. */
export const LeftOutQuery: TypedDocumentNode<{ node: { leftOut: Recipient[] } | null }, { id: string }> = gql`
  query LeftOut($id: ID!) {
    node(id: $id) { ... on DonationLine { id leftOut { ${recipientFields} } } }
  }
`

/** The streets and towns of a county, for "these streets first". */
export const StreetsQuery: TypedDocumentNode<{ orgUnits: Connection<OrgUnitOption> }, { path: string }> = gql`
  query Streets($path: String!) {
    orgUnits(first: 200, where: { level: TOWN, pathHasPrefix: $path }, orderBy: { field: CODE }) {
      totalCount
      edges { node { id code name path } }
    }
  }
`

export interface OpenLine {
  line: { id: string; enteredUnit: Unit; item: Item; donation: { id: string; receiptNo: string; donorName: string } }
  available: Quantity
}

/** Lines of an item with something left to allocate: where the next delivery can come from. */
export const OpenLinesQuery: TypedDocumentNode<{ openLines: OpenLine[] }, { itemID: string }> = gql`
  query OpenLines($itemID: ID!) {
    openLines(itemID: $itemID) {
      line { id enteredUnit item { ${itemFields} } donation { id receiptNo donorName } }
      available
    }
  }
`

export type WaitingState = 'NOT_SIGNED' | 'NOT_SENT' | 'LEFT_OUT'

export interface Waiting {
  state: WaitingState
  since: string
  phone: string | null
  contact: string | null
  street: { id: string; name: string } | null
  recipient: Recipient
  allocation: { id: string; quantity: Quantity } | null
  line: { id: string; enteredUnit: Unit; item: Item }
}

/** The chase list: who has not signed, oldest first, with whom to call. */
export const WaitingQuery: TypedDocumentNode<{ waiting: Waiting[] }, { id: string }> = gql`
  query Waiting($id: ID!) {
    waiting(donationID: $id) {
      state since phone contact
      street { id name }
      recipient { ${recipientFields} }
      allocation { id quantity }
      line { id enteredUnit item { ${itemFields} } }
    }
  }
`

export interface SplitPreview {
  shares: { recipient: Recipient; quantity: Quantity; packs: number | null }[]
  total: Quantity
  leftover: Quantity
  emptyShares: number
  available: Quantity
}

export const PreviewAllocationQuery: TypedDocumentNode<{ previewAllocation: SplitPreview }, { input: AllocateInput }> = gql`
  query PreviewAllocation($input: AllocateInput!) {
    previewAllocation(input: $input) {
      shares { recipient { ${recipientFields} } quantity packs }
      total leftover emptyShares available
    }
  }
`

export const AllocateDonationMutation: TypedDocumentNode<
  { allocateDonation: { allocations: { id: string }[]; leftover: Quantity; emptyShares: number } },
  { input: AllocateInput }
> = gql`
  mutation AllocateDonation($input: AllocateInput!) {
    allocateDonation(input: $input) { allocations { id } leftover emptyShares }
  }
`

export interface IncomingAllocation {
  id: string
  quantity: Quantity
  status: AllocationStatus
  dispatchedAt: string | null
  line: {
    enteredUnit: Unit
    item: Item
    donation: { receiptNo: string; donorName: string }
  }
}

/**
 * A recipient (village committee or institution) may not read donors, but it may read the name
 * the public page gives the donor (donorName), with the receipt number that the paper sheet
 * carries; the day that matters to the recipient is the day it was sent (dispatchedAt).
 */
const incomingFields = `
  id quantity status dispatchedAt
  line {
    enteredUnit
    item { ${itemFields} }
    donation { receiptNo donorName }
  }
`

/** What is on its way to the committee's own village; the server limits the list to it. */

export interface AllocationDetail extends IncomingAllocation {
  recipient: Recipient
  receipt: {
    receiptNo: string
    confirmedAt: string
    receivedQuantity: Quantity
    rejectedQuantity: Quantity
    rejectReason: RejectReason | null
    note: string | null
  } | null
  dispute: { status: 'OPEN' | 'RESOLVED'; resolution: string | null } | null
}

const detailFields = `
  ${incomingFields}
  recipient { ${recipientFields} }
  receipt { receiptNo confirmedAt receivedQuantity rejectedQuantity rejectReason note }
  dispute { status resolution }
`

export const AllocationQuery: TypedDocumentNode<{ node: AllocationDetail | null }, { id: string }> = gql`
  query Allocation($id: ID!) {
    node(id: $id) {
      ... on Allocation { ${detailFields} }
    }
  }
`

/**
 * What is on its way, each with everything its own page shows, so that the list, once fetched,
 * also keeps each delivery's page on the phone for a visit with no signal.
 */
export const IncomingAllocationsQuery: TypedDocumentNode<{ allocations: Connection<AllocationDetail> }> = gql`
  query IncomingAllocations {
    allocations(first: 200, where: { status: DISPATCHED }, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      edges { node { ${detailFields} } }
    }
  }
`

/** What the viewer's village signed for, newest first (only its own receipts: the data layer's rules scope them). */
export const ReceiptHistoryQuery: TypedDocumentNode<{ receipts: Connection<{ allocation: AllocationDetail }> }> = gql`
  query ReceiptHistory {
    receipts(first: 200, orderBy: { field: CONFIRMED_AT, direction: DESC }) {
      totalCount
      edges { node { id allocation { ${detailFields} } } }
    }
  }
`

/** Where part of a line went, and, once signed, who signed, when, how much and why anything was refused. */
export interface PublicAllocation {
  id: string
  recipient: string
  county: string | null
  quantity: Quantity
  status: AllocationStatus
  underReview: boolean
  confirmedAt: string | null
  receivedQuantity: Quantity | null
  signedBy: string | null
  receiptNo: string | null
  rejectedQuantity: Quantity | null
  rejectReason: RejectReason | null
}

const publicAllocationFields =
  'id recipient county quantity status underReview confirmedAt receivedQuantity signedBy receiptNo rejectedQuantity rejectReason'

export interface PublicLine {
  item: string
  quantity: Quantity
  baseUnit: Unit
  packName: string | null
  packSize: Quantity | null
  enteredQuantity: Quantity
  enteredUnit: Unit
}

export interface PublicDonation {
  id: string
  donor: string
  donatedOn: string
  purpose: string | null
  recipients: number
  confirmed: number
}

const publicLineFields = 'item quantity baseUnit packName packSize enteredQuantity enteredUnit'

/** The transparency page: no token is sent or needed. */
export const PublicDonationsQuery: TypedDocumentNode<
  { publicDonations: (PublicDonation & { lines: PublicLine[] })[] }
> = gql`
  query PublicDonations {
    publicDonations(first: 50) {
      id donor donatedOn purpose recipients confirmed
      lines { ${publicLineFields} }
    }
  }
`

export const DonationTrailQuery: TypedDocumentNode<
  { donationTrail: (PublicDonation & { lines: (PublicLine & { allocations: PublicAllocation[] })[] }) | null },
  { id: string }
> = gql`
  query DonationTrail($id: ID!) {
    donationTrail(id: $id) {
      id donor donatedOn purpose recipients confirmed
      lines {
        ${publicLineFields}
        allocations { ${publicAllocationFields} }
      }
    }
  }
`

/** One delivery as its sheet's QR code shows it before login: only what the public trail shows. */
export interface PublicDelivery extends ItemUnits {
  id: string
  donor: string
  item: string
  quantity: Quantity
  enteredUnit: Unit
  recipient: string
  county: string | null
  status: AllocationStatus
}

export const PublicDeliveryQuery: TypedDocumentNode<{ publicDelivery: PublicDelivery | null }, { id: string }> = gql`
  query PublicDelivery($id: ID!) {
    publicDelivery(id: $id) { id donor item quantity baseUnit packName packSize enteredUnit recipient county status }
  }
`

/** A receipt as its public check page shows it: the delivery and, once signed, the signature. */
export interface ReceiptCheck extends PublicDelivery {
  donationID: string
  confirmedAt: string | null
  receivedQuantity: Quantity | null
  signedBy: string | null
  receiptNo: string | null
  rejectedQuantity: Quantity | null
  rejectReason: RejectReason | null
}

export const ReceiptCheckQuery: TypedDocumentNode<{ publicDelivery: ReceiptCheck | null }, { id: string }> = gql`
  query ReceiptCheck($id: ID!) {
    publicDelivery(id: $id) {
      id donor item quantity baseUnit packName packSize enteredUnit recipient county status
      donationID confirmedAt receivedQuantity signedBy receiptNo rejectedQuantity rejectReason
    }
  }
`

export interface DonationOverview {
  openDisputes: number
  items: { item: Item; allocated: Quantity; received: Quantity; recipients: number; confirmed: number }[]
  counties: { county: { id: string; name: string }; recipients: number; confirmed: number; disputed: number }[]
  donations: {
    donation: { id: string; receiptNo: string; donatedOn: string; donorName: string }
    recipients: number
    confirmed: number
    disputed: number
    openDisputes: number
  }[]
}

/** The bureau's view of the donations that reached its units (the server keeps it to them). */
export const DonationOverviewQuery: TypedDocumentNode<{ donationOverview: DonationOverview }> = gql`
  query DonationOverview {
    donationOverview {
      openDisputes
      items { item { ${itemFields} } allocated received recipients confirmed }
      counties { county { id name } recipients confirmed disputed }
      donations { donation { id receiptNo donatedOn donorName } recipients confirmed disputed openDisputes }
    }
  }
`
