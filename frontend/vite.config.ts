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
 * The words of the pages the server paints before any script arrives (the login page, a
 * delivery sheet's QR landing, the public list and a public trail, templates in shell/), in
 * each language, as dist/shell-messages.json: the server's first paint says what the SPA will
 * say, from the same messages.
 */
const shellMessages = {
  name: 'mzdesk-shell-messages',
  apply: 'build' as const,
  generateBundle(this: { emitFile(file: { type: 'asset'; fileName: string; source: string }): string }) {
    const sections = ({ app, login, landing, status, units, public: open, common, reasons, chain }: typeof zh) => ({
      app,
      login,
      landing,
      status,
      units,
      public: open,
      common,
      reasons,
      chain,
    })
    this.emitFile({
      type: 'asset',
      fileName: 'shell-messages.json',
      source: JSON.stringify({ 'zh-CN': sections(zh), 'en-US': sections(en) }),
    })
  },
}

/** The entry's own stylesheet is written into index.html while it stays under this size. */
const inlineCSSLimit = 4 * 1024

/**
 * index.html's own stylesheet (style.css: a few hundred bytes; Vant's CSS comes with each
 * screen's chunk) goes into the page instead of a <link>: a stylesheet link holds the first
 * paint back by a round trip, on slow 3G half a second, for the page the server painted as much
 * as for the skeleton. A stylesheet that has grown past inlineCSSLimit keeps its link.
 */
const inlineEntryCSS = {
  name: 'mzdesk-inline-entry-css',
  apply: 'build' as const,
  transformIndexHtml: {
    order: 'post' as const,
    handler(html: string, context: { bundle?: Record<string, { type: string; source?: string | Uint8Array }> }) {
      return html.replace(/<link rel="stylesheet"[^>]* href="\/(assets\/[^"]+\.css)">/g, (link, file: string) => {
        const css = context.bundle?.[file]
        if (css?.type !== 'asset' || typeof css.source !== 'string' || css.source.length > inlineCSSLimit) return link
        delete context.bundle?.[file]
        return `<style>${css.source.trim()}</style>`
      })
    },
  },
}

export default defineConfig({
  plugins: [
    vue(),
    noIconFontCDN,
    shellMessages,
    inlineEntryCSS,
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
