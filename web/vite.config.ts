import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Run from the repository root: `vite build --config web/vite.config.ts` → dist/web, which the
// Fastify server serves at / with an SPA fallback. `vite --config web/vite.config.ts` serves the app
// on :5173 and proxies the API to a server started with `npm run dev` (PORT 3000 by default).
const here = (p: string) => decodeURIComponent(new URL(p, import.meta.url).pathname);
const apiTarget = 'http://127.0.0.1:3000';

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [vue()],
  define: {
    // vue-i18n: composition API only, no legacy API or devtools hooks in production.
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    // dist/web/.vite/manifest.json lets tests and reviewers measure what each route downloads.
    manifest: true,
    // ECharts is one ~500 kB chunk, loaded only by the dashboard.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, ws: true },
      '/docs': apiTarget,
    },
  },
});
