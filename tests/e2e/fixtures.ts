import { test as base, expect } from '@playwright/test';

/**
 * Every end-to-end test fails on an uncaught page error or a console error: a red line in the
 * console is a bug users would see, even when the assertion under test passes.
 */
export const test = base.extend<{ failOnConsoleErrors: void }>({
  failOnConsoleErrors: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
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
