// The Chromium side of bench/stages.mjs --browser: a module worker that times the stages on the
// File it is sent, as the data worker would run them. Before and after each stage it asks the
// page (and through it the Node script) to read this thread's CPU counters, and waits.
import { runStages } from './stagesEntry';

let answered: (() => void) | undefined;

function around(label: string, when: 'before' | 'after'): Promise<void> {
  return new Promise((resolve) => {
    answered = resolve;
    self.postMessage({ around: { label, when } });
  });
}

self.addEventListener('message', (ev: MessageEvent<{ file?: File; repeat?: number; ack?: true }>) => {
  if (ev.data.ack) {
    answered?.();
    return;
  }
  runStages(ev.data.file!, ev.data.repeat!, around).then(
    (times) => self.postMessage({ times }),
    (err: unknown) => self.postMessage({ error: String(err) }),
  );
});
