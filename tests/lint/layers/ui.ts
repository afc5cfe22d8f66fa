// Imports src/ui must never make (eslint.config.js): see core.ts. Types from the store are allowed.
export type { Project } from '../../../src/store';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../src/store';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../src/protocol/rpc';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import '../../../workers/workerDb';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- must be flagged: see eslint.config.js
import 'dexie';
