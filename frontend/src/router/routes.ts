import type { RouteRecordRaw } from 'vue-router'
import { activeSession } from '../stores/session'
import { homeRouteName } from './tabs'

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without logging in. */
    public?: boolean
    /**
     * The tab a page is opened from: it decides who may open the page and which tab is lit.
     * A page shared by roles names each role's tab.
     */
    tab?: string | readonly string[]
  }
}

/** Every screen is its own chunk, so a phone downloads only the screens its role opens. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/LoginView.vue'),
    meta: { public: true },
  },
  {
    path: '/public',
    name: 'public',
    component: () => import('../views/PublicView.vue'),
    meta: { public: true },
  },
  {
    path: '/public/donations/:id',
    name: 'public-trail',
    component: () => import('../views/public/DonationTrail.vue'),
    meta: { public: true },
  },
  {
    // Each row of the public trail links to its receipt's check page.
    path: '/public/receipts/:id',
    name: 'public-receipt',
    component: () => import('../views/public/ReceiptCheck.vue'),
    meta: { public: true },
  },
  {
    // A delivery sheet's QR code on a phone that is not logged in (the router sends it here).
    path: '/scan/:id',
    name: 'delivery-landing',
    component: () => import('../views/receive/DeliveryLanding.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    component: () => import('../components/TabLayout.vue'),
    redirect: () => {
      const session = activeSession()
      return { name: session ? homeRouteName(session.viewer.role) : 'login' }
    },
    children: [
      { path: 'admin', name: 'admin-home', component: () => import('../views/home/AdminHome.vue') },
      { path: 'bureau', name: 'bureau-home', component: () => import('../views/bureau/ControlDashboard.vue') },
      { path: 'bureau/duty', name: 'bureau-duty', component: () => import('../views/bureau/DutyRoster.vue') },
      {
        path: 'bureau/duty/new',
        name: 'duty-new',
        component: () => import('../views/bureau/ScheduleDuty.vue'),
        meta: { tab: 'bureau-duty' },
      },
      { path: 'bureau/care', name: 'bureau-care', component: () => import('../views/bureau/CareSummaries.vue') },
      { path: 'bureau/relief', name: 'bureau-relief', component: () => import('../views/bureau/ReliefDashboard.vue') },
      {
        path: 'bureau/travellers',
        name: 'bureau-travellers',
        component: () => import('../views/bureau/TravellerAids.vue'),
        meta: { tab: 'bureau-relief' },
      },
      {
        path: 'bureau/travellers/new',
        name: 'traveller-aid-new',
        component: () => import('../views/bureau/RecordTravellerAid.vue'),
        meta: { tab: 'bureau-relief' },
      },
      {
        path: 'bureau/enterprises',
        name: 'bureau-enterprises',
        component: () => import('../views/bureau/EnterpriseList.vue'),
        meta: { tab: 'bureau-relief' },
      },
      {
        path: 'bureau/enterprises/:id',
        name: 'bureau-enterprise',
        component: () => import('../views/bureau/EnterpriseDetail.vue'),
        meta: { tab: 'bureau-relief' },
      },
      { path: 'charity', name: 'charity-home', component: () => import('../views/home/CharityHome.vue') },
      { path: 'charity/new', name: 'donation-new', component: () => import('../views/charity/NewDonation.vue') },
      {
        path: 'charity/donations/:id',
        name: 'donation-detail',
        component: () => import('../views/charity/DonationDetail.vue'),
        meta: { tab: 'charity-home' },
      },
      {
        path: 'charity/donations/:id/progress',
        name: 'donation-progress',
        component: () => import('../views/charity/DonationProgress.vue'),
        meta: { tab: 'charity-home' },
      },
      {
        path: 'charity/lines/:id/allocate',
        name: 'donation-allocate',
        component: () => import('../views/charity/AllocateLine.vue'),
        meta: { tab: 'charity-home' },
      },
      { path: 'village', name: 'village-home', component: () => import('../views/receive/IncomingAllocations.vue') },
      { path: 'village/received', name: 'village-history', component: () => import('../views/receive/ReceiptHistory.vue') },
      {
        // Also the address on the printed sheet's QR code, so a recipient can scan and sign.
        path: 'allocations/:id',
        name: 'allocation',
        component: () => import('../views/receive/ConfirmAllocation.vue'),
        meta: { tab: ['village-home', 'institution-receive'] },
      },
      // Sheets printed before institutions could sign carry this address in their QR codes.
      { path: 'village/allocations/:id', redirect: (to) => ({ name: 'allocation', params: to.params }) },
      { path: 'village/care', name: 'village-care', component: () => import('../views/village/CareCases.vue') },
      {
        path: 'village/care/new',
        name: 'village-care-new',
        component: () => import('../views/village/OpenCareCase.vue'),
        meta: { tab: 'village-care' },
      },
      { path: 'inspector', name: 'inspector-home', component: () => import('../views/inspector/GroupInstitutions.vue') },
      {
        path: 'inspector/institutions/:id/inspect',
        name: 'inspection-new',
        component: () => import('../views/inspector/InspectionForm.vue'),
        meta: { tab: 'inspector-home' },
      },
      {
        path: 'inspector/problems',
        name: 'inspector-problems',
        component: () => import('../views/control/ProblemList.vue'),
        props: { openOnly: true },
      },
      { path: 'institution', name: 'institution-home', component: () => import('../views/institution/DailyReport.vue') },
      {
        path: 'institution/receive',
        name: 'institution-receive',
        component: () => import('../views/receive/IncomingAllocations.vue'),
      },
      {
        path: 'institution/problems',
        name: 'institution-problems',
        component: () => import('../views/control/ProblemList.vue'),
        props: { openOnly: false },
      },
      { path: 'care', name: 'care-home', component: () => import('../views/care/FollowUps.vue') },
      { path: 'care/staff', name: 'care-staff', component: () => import('../views/care/StaffList.vue') },
      {
        path: 'care/staff/:id',
        name: 'staff-care',
        component: () => import('../views/care/StaffCare.vue'),
        meta: { tab: 'care-staff' },
      },
      {
        path: 'care/staff/:id/follow-up',
        name: 'care-record-new',
        component: () => import('../views/care/FollowUpForm.vue'),
        meta: { tab: 'care-staff' },
      },
      { path: 'me', name: 'me', component: () => import('../views/ProfileView.vue') },
    ],
  },
  { path: '/:unknown(.*)*', redirect: '/' },
]
