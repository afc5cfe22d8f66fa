// Imports src/core must never make (eslint.config.js): each line below must be flagged, or its
// disable directive is unused and `npm run check` fails. Never imported by anything.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../src/store';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../src/store/db';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../src/state/workbench.svelte';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../src/protocol/data';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../workers/workerDb';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import 'dexie';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import 'svelte';
