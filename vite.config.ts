import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { buildScorer } from './scripts/buildScorer.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The standalone scorer (score.mjs), bundled without dependencies and served next to the app so
 * Deploy can offer it as a download beside an exported model file.
 */
function standaloneScorer(): Plugin {
  return {
    name: 'standalone-scorer',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'score.mjs', source: await buildScorer() });
    },
    configureServer(server) {
      server.middlewares.use('/score.mjs', (_req, res, next) => {
        buildScorer().then((source) => {
          res.setHeader('Content-Type', 'text/javascript');
          res.end(source);
        }, next);
      });
    },
  };
}

/**
 * Cross-origin isolation: boosted trees train on several workers sharing memory
 * (SharedArrayBuffer), which a browser grants only to a page served with these two headers. Every
 * server of the app sends them (dev, preview and so `npm start`, the e2e and bench servers); the
 * offline service worker replays the cached responses with the headers they were fetched with.
 * The app loads nothing from other origins, so `require-corp` blocks nothing. Hosted without
 * them, the app still works and trains boosted trees on one worker (the run says why).
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The workbench is a static site: everything runs in the browser, so the production build is
// the product. Workers are ES modules (PapaParse's own worker mode hangs in Vite 8 builds, so
// parsing runs inside our ingest worker instead).
export default defineConfig({
  plugins: [
    svelte(),
    standaloneScorer(),
    VitePWA({
      // 'prompt': an update must never reload a tab that is in the middle of training.
      registerType: 'prompt',
      injectRegister: false, // registered by src/state/offline.svelte.ts
      manifest: {
        name: 'Lifecycle Workbench',
        short_name: 'Workbench',
        description: 'Local-first machine learning workbench: goal to deployment in the browser.',
        theme_color: '#1f4e79',
        background_color: '#ffffff',
        display: 'standalone',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        // The first install takes control of the open page so it works offline at once; later
        // updates still wait for the user (no skipWaiting), see registerType above.
        clientsClaim: true,
        globPatterns: ['**/*.{js,mjs,css,html,svg,wasm,csv,md,webmanifest}'],
        // plotly.js-dist and the tfjs wasm binaries are several MB each.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      },
    }),
  ],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 6000,
  },
  server: { port: 5173, strictPort: true, headers: ISOLATION_HEADERS },
  preview: { port: 4173, strictPort: true, headers: ISOLATION_HEADERS },
});
