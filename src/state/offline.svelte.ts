import { registerSW } from 'virtual:pwa-register';

/**
 * Offline support: the service worker precaches the app (workers, wasm, samples) on first load.
 * An update is only applied when the user says so, so a tab that is training is never reloaded.
 */
export class OfflineState {
  /** The app is cached and will open without a network. */
  ready = $state(false);
  /** A newer version is waiting; `update()` applies it. */
  updateWaiting = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | undefined;

  start(): void {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    // Offline-ready means this page is controlled by the worker that holds the cache.
    const check = () => (this.ready = navigator.serviceWorker.controller !== null);
    navigator.serviceWorker.addEventListener('controllerchange', check);
    check();
    this.#update = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.updateWaiting = true),
    });
  }

  async update(): Promise<void> {
    await this.#update?.(true);
  }
}
