import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [
    vue(),
    // Vant components (and their CSS) are imported where a template uses them, nothing else.
    Components({ dirs: [], resolvers: [VantResolver()], dts: 'src/components.d.ts' }),
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
  test: { environment: 'happy-dom', include: ['src/**/*.test.ts'] },
})
