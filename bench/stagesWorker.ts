// The Chromium side of bench/stages.mjs --browser: a module worker that times the stages on the
// File it is sent, as the data worker would run them. Before and after each stage it asks the
// page (and through it the Node script) to read this thread's CPU counters, and waits.
import { runStages } from './stagesEntry';
import { serveProfileColumns } from '../workers/data/profileColumns';
import { ingestHelper, profilerHandlers } from '../workers/data/profiler';

const ctx = { emit: () => undefined, signal: new AbortController().signal, transfer: () => undefined };

/** A profile worker (this same script, given a port), as the data worker gets one from the page. */
async function startHelper() {
  const channel = new MessageChannel();
  const worker = new Worker(self.location.href, { type: 'module' });
  worker.postMessage({ port: channel.port2 }, [channel.port2]);
  await profilerHandlers.useProfiler({ port: channel.port1 }, ctx);
  return {
    helper: ingestHelper(),
    release: () => profilerHandlers.useProfiler({ port: null }, ctx),
  };
}

let answered: (() => void) | undefined;

function around(label: string, when: 'before' | 'after'): Promise<void> {
  return new Promise((resolve) => {
    answered = resolve;
    self.postMessage({ around: { label, when } });
  });
}

self.addEventListener(
  'message',
  (ev: MessageEvent<{ file?: File; repeat?: number; ack?: true; port?: MessagePort }>) => {
    if (ev.data.port) {
      serveProfileColumns(ev.data.port, () => self.close());
      return;
    }
    if (ev.data.ack) {
      answered?.();
      return;
    }
    runStages(ev.data.file!, ev.data.repeat!, around, startHelper).then(
      (times) => self.postMessage({ times }),
      (err: unknown) => self.postMessage({ error: String(err) }),
    );
  },
);
