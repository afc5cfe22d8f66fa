/**
 * The layer rules of eslint.config.js have no holes: every forbidden import in
 * tests/lint/layers/*.ts is reported when its disable directive is taken away (npm run check
 * proves the same through the directives; this says which import got through), and a type import
 * of the store from the UI is not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = `${root}tests/lint/layers/`;
const DIRECTIVE = /^\s*\/\/ eslint-disable-next-line @typescript-eslint\/no-restricted-imports.*$/;

describe('layer rules', () => {
  const eslint = new ESLint({ cwd: root });
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    it(`flag every forbidden import of ${file.replace('.ts', '')}`, async () => {
      const source = readFileSync(dir + file, 'utf8');
      const forbidden = source
        .split('\n')
        .flatMap((line, i, lines) => (i > 0 && DIRECTIVE.test(lines[i - 1]!) ? [line] : []));
      // Blank lines keep the line numbers of the imports.
      const bare = source
        .split('\n')
        .map((line) => (DIRECTIVE.test(line) ? '' : line))
        .join('\n');
      const [result] = await eslint.lintText(bare, { filePath: dir + file });
      const lines = bare.split('\n');
      const flagged = [
        ...new Set(
          result!.messages
            .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
            .map((m) => lines[m.line - 1]),
        ),
      ];
      expect(forbidden.length).toBeGreaterThan(0);
      expect(flagged).toEqual(forbidden);
    });
  }
});
