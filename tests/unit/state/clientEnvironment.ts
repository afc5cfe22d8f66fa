// A Node environment whose modules are transformed for the client: the rune classes of src/state
// then compile with Svelte's client runtime, so their $effect reactions run (the default 'ssr'
// transform compiles them for the server, where effects never run). Used by the OpenProject tests.
import type { Environment } from 'vitest/environments';

export default {
  name: 'client-node',
  viteEnvironment: 'client',
  setup() {
    return { teardown() {} };
  },
} satisfies Environment;
