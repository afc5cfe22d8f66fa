/// <reference types="svelte" />
/// <reference types="vite/client" />

/** The package version, injected at build time (vite.config.ts `define`). */
declare const __APP_VERSION__: string;
