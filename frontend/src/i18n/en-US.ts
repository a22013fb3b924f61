import type { Messages } from '.'

/** English, for visitors and staff who prefer it; same keys as zh-CN (the type checks that). */
const en: Messages = {
  app: {
    name: 'Civil Affairs Response Desk',
    org: 'Changde Civil Affairs Bureau',
  },
  login: {
    username: 'Username',
    usernamePlaceholder: 'Enter your username',
    password: 'Password',
    passwordPlaceholder: 'Enter your password',
    required: 'Please fill this in',
    submit: 'Log in',
    demoHint: 'Demo password: demo-2020',
    publicLink: 'See the public donation record',
  },
  tabs: {
    home: 'Home',
    me: 'Me',
  },
  home: {
    greeting: 'Hello, {name}',
    duty: 'What I do here',
  },
  me: {
    name: 'Name',
    role: 'Role',
    scope: 'Scope',
    language: 'Language',
    logout: 'Log out',
  },
  public: {
    title: 'Public donation record',
    intro: 'Every donation is shown here: what came in, where it was sent and who signed for it.',
    privacy: 'Only totals are shown, never personal data.',
    login: 'Staff login',
  },
  roles: {
    ADMIN: 'System administrator',
    BUREAU: 'Civil affairs bureau',
    CHARITY_OFFICE: 'Charity office',
    VILLAGE_COMMITTEE: 'Village committee',
    INSPECTOR: 'Inspector',
    INSTITUTION: 'Service institution',
    CARE_OFFICER: 'Staff-care officer',
  },
  duties: {
    ADMIN: 'Manage users, org units and all data.',
    BUREAU: 'See everything in your area; manage institutions, enterprises, relief figures and duty rosters.',
    CHARITY_OFFICE: 'Record donors and donations, allocate and dispatch them, and watch the receipts.',
    VILLAGE_COMMITTEE: 'See what is coming to your village and confirm receipt on your phone when it arrives.',
    INSPECTOR: 'Inspect institutions, record findings and follow problems until they are fixed.',
    INSTITUTION: "File your institution's epidemic-control report every day.",
    CARE_OFFICER: 'Record the care given to frontline staff; nobody else can read these notes.',
  },
  errors: {
    UNAUTHENTICATED: 'You have been logged out. Please log in again.',
    FORBIDDEN: 'You are not allowed to do this.',
    BAD_USER_INPUT: 'Some of what you entered is not right. Please check it and try again.',
    NOT_FOUND: 'This could not be found; it may have been removed.',
    CONFLICT: 'Someone else has already changed or handled this. Refresh and try again.',
    INTERNAL: 'Something went wrong on our side. Please try again later.',
    NETWORK: 'Cannot reach the server. Check your connection and try again.',
    withDetail: '{sentence} ({detail})',
  },
}

export default en
