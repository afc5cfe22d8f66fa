// Imports src/store must never make (eslint.config.js): see core.ts.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../src/state/db';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../workers/workerDb';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import 'svelte';
