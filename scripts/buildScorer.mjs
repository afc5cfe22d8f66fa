// Bundles scorer/score.ts into one dependency-free ES module (score.mjs): used by the Vite build
// (emitted next to the app as a download), by the tests and by the benchmark.
import { rolldown } from 'rolldown';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../scorer/score.ts', import.meta.url));

/** The bundled scorer's source text. */
export async function buildScorer({ minify = false } = {}) {
  const bundle = await rolldown({
    input: entry,
    platform: 'neutral',
    resolve: { mainFields: ['module', 'main'] },
    // node:fs is only imported (dynamically) when run by Node as a command; PapaParse's Node stream
    // mode (require('stream')) is never used: the ingest hands it strings.
    external: [/^node:/, 'stream'],
    logLevel: 'warn',
  });
  try {
    const { output } = await bundle.generate({ format: 'es', minify, codeSplitting: false });
    const chunk = output.find((o) => o.type === 'chunk');
    if (!chunk) throw new Error('rolldown produced no scorer chunk');
    return `// Lifecycle Workbench standalone scorer (no dependencies). Usage: node score.mjs <model file> <input.csv>\n${chunk.code}`;
  } finally {
    await bundle.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { writeFileSync } = await import('node:fs');
  const out = process.argv[2] ?? 'dist/score.mjs';
  writeFileSync(out, await buildScorer());
  console.log(`wrote ${out}`);
}
