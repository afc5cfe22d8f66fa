#!/usr/bin/env node
// `npm start`: serve what users get. The production build (with its service worker, so the page
// works offline once loaded) is rebuilt only when a source is newer than it, then served by
// `vite preview`. `npm run dev` is the hot-reload server, where the service worker is off.
//   PORT (default 5173)  where to serve;  START_DIST (default dist)  which build folder.
import { build, preview } from 'vite';
import { buildIsFresh, ROOT } from './buildFresh.mjs';

const port = Number(process.env.PORT ?? 5173);
const outDir = process.env.START_DIST ?? 'dist';

if (buildIsFresh(outDir)) {
  console.log(`[start] ${outDir}/ is newer than every source: serving it as it is.`);
} else {
  console.log(
    `[start] building the production app into ${outDir}/ (a source changed since the last build) …`,
  );
  await build({ root: ROOT, logLevel: 'warn', build: { outDir } });
}

const server = await preview({ root: ROOT, build: { outDir }, preview: { port, strictPort: true } });
server.printUrls();
console.log('[start] offline once loaded; `npm run dev` for hot reload while editing.');
