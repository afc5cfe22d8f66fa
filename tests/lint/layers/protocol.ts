// Imports src/protocol must never make (eslint.config.js): see core.ts.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../src/store';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../src/state/workers';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import 'dexie';
