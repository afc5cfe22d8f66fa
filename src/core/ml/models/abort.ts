/** Cancellation: a cancelled fit rejects with an Error named 'AbortError', like fetch does. */

/** The error a cancelled training rejects with. */
export function abortError(): Error {
  const e = new Error('Training was cancelled.');
  e.name = 'AbortError';
  return e;
}

/** True for the error of a cancelled training (and any other AbortError). */
export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/**
 * Lets queued messages (a Cancel click) reach a worker between chunks of synchronous work. A
 * MessageChannel turn is not clamped to 4 ms like nested setTimeout.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
