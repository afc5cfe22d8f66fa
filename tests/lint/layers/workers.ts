// Imports workers/ must never make (eslint.config.js): see core.ts.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../src/state/workbench.svelte';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import 'svelte';
