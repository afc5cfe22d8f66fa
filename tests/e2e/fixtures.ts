import { test as base, expect } from '@playwright/test';

/**
 * Every end-to-end test fails on an uncaught page error or a console error: a red line in the
 * console is a bug users would see, even when the assertion under test passes.
 */
/**
 * Playwright itself runs scripts in every frame, and Chromium reports those it blocks in a frame
 * sandboxed without scripts (microsoft/playwright#33343). The opened reports' frames are sandboxed
 * on purpose and hold no script (evaluate.spec asserts their srcdoc has none), so this line is the
 * test driver's, not the app's.
 */
function playwrightInSandbox(text: string): boolean {
  return text.startsWith(
    "Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed",
  );
}

export const test = base.extend<{ failOnConsoleErrors: void }>({
  failOnConsoleErrors: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !playwrightInSandbox(msg.text()))
          problems.push(`console error: ${msg.text()}`);
      });
      page.on('worker', (worker) => {
        worker.on('console', (msg) => {
          if (msg.type() === 'error') problems.push(`worker console error: ${msg.text()}`);
        });
      });
      await use();
      expect(problems, problems.join('\n')).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
