// fake-indexeddb must be installed before Dexie is first imported (Dexie captures indexedDB at load).
import 'fake-indexeddb/auto';

process.env.TZ = 'UTC';
