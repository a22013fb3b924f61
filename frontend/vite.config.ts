import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VitePWA } from 'vite-plugin-pwa'
import { defineConfig } from 'vitest/config'
import en from './src/i18n/en-US'
import zh from './src/i18n/zh-CN'
import { appNavigation } from './src/router/spaPaths'

/**
 * Vant's icon font is inlined as base64 and also listed, as a fallback, on a CDN. Phones
 * never need the fallback, the CSP would refuse it anyway, and a village phone must not
 * call out to a third party: drop it from the CSS.
 */
const noIconFontCDN = {
  name: 'mzdesk-no-icon-font-cdn',
  transform(code: string, id: string) {
    if (!id.includes('vant') || !id.endsWith('.css')) return null
    return code.replace(/,\s*url\([^)]*alicdn[^)]*\)\s*format\([^)]*\)/g, '')
  },
}

/**
 * The words of the pages the server paints before any script arrives (the login page and a
 * delivery sheet's QR landing, templates in shell/), in each language, as dist/shell-messages.json:
 * the server's first paint says what the SPA will say, from the same messages.
 */
const shellMessages = {
  name: 'mzdesk-shell-messages',
  apply: 'build' as const,
  generateBundle(this: { emitFile(file: { type: 'asset'; fileName: string; source: string }): string }) {
    const sections = ({ app, login, landing, status, units }: typeof zh) => ({ app, login, landing, status, units })
    this.emitFile({
      type: 'asset',
      fileName: 'shell-messages.json',
      source: JSON.stringify({ 'zh-CN': sections(zh), 'en-US': sections(en) }),
    })
  },
}

export default defineConfig({
  plugins: [
    vue(),
    noIconFontCDN,
    shellMessages,
    // Vant components (and their CSS) are imported where a template uses them, nothing else.
    Components({ dirs: [], resolvers: [VantResolver()], dts: 'src/components.d.ts' }),
    // A service worker that precaches the built app, so a village phone opens it with no
    // signal. It has no runtime caching, so /graphql always goes to the network: data is fresh
    // or visibly missing, and receipts made offline wait in IndexedDB (useOfflineQueue).
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      manifest: {
        name: '民政战疫工作台',
        short_name: '民政工作台',
        lang: 'zh-CN',
        start_url: '/',
        display: 'standalone',
        theme_color: '#1768c4',
        background_color: '#f7f8fa',
        // Android's install prompt wants PNGs (scripts/icons.go draws them from icon.svg's shapes).
        icons: [
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg}'],
        navigateFallback: '/index.html',
        // Only the SPA's own paths: the server's pages (/certificates, /donations/…/sheet,
        // /playground) must reach the server (src/router/spaPaths.ts, checked by its test).
        navigateFallbackAllowlist: [appNavigation],
        cleanupOutdatedCaches: true,
        // Take over the page that installed it, so the very first visit already works offline.
        clientsClaim: true,
      },
    }),
  ],
  // vue-i18n: composition API only, so the legacy API and devtools hooks drop out of the bundle.
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  // `npm run dev` talks to a server started with the default MZ_ADDR.
  server: { proxy: { '/graphql': 'http://127.0.0.1:8080' } },
  build: { outDir: 'dist' },
  test: { environment: 'happy-dom', include: ['src/**/*.test.ts'], setupFiles: ['src/i18n/testSetup.ts'] },
})
