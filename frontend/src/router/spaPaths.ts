/**
 * The first path segments of the app's own screens. The service worker answers a navigation
 * to one of these with the cached index.html, so the app opens without a network; any other
 * path — the server's pages (/certificates/…, /donations/…/sheet and exports, /playground) —
 * goes to the server, and a path missing here merely needs the network.
 */
const appSections = ['login', 'public', 'scan', 'charity', 'village', 'allocations', 'admin', 'bureau', 'inspector', 'institution', 'care', 'me'] as const

/** The paths the service worker serves index.html for: "/" and the sections above. */
export const appNavigation = new RegExp(`^/(${appSections.join('|')})?(/|$)`)
