/**
 * Golden CLI fixtures: each folder under fixtures/cli holds `args` (one argument per line, run from
 * the project root), `expected.stdout`, `expected.stderr` and `expected.code`.
 * UPDATE_FIXTURES=1 npm test rewrites the expected files (and asserts nothing); read the diff before
 * committing it. A case whose expected files are missing fails.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;
const casesDir = join(root, 'fixtures/cli');
const update = process.env.UPDATE_FIXTURES === '1';

/** Version and lexicon hash change on every release or lexicon edit; they are not what these cases test. */
function stable(s: string): string {
  return s.replace(/"version":"\d+\.\d+\.\d+[^"]*"/g, '"version":"X"').replace(/"sha256":"[0-9a-f]{64}"/g, '"sha256":"X"');
}

describe('golden CLI fixtures', () => {
  for (const name of readdirSync(casesDir).sort()) {
    const dir = join(casesDir, name);
    it(name, async () => {
      const args = readFileSync(join(dir, 'args'), 'utf8').split('\n').filter((l) => l !== '');
      const r = await runCli(args, { cwd: root });
      const got = { stdout: stable(r.stdout), stderr: r.stderr, code: `${r.code}\n` };
      for (const [key, value] of Object.entries(got)) {
        const file = join(dir, `expected.${key}`);
        if (update) {
          writeFileSync(file, value);
          continue; // an update writes; the next plain run compares
        }
        // A case without its expected files fails: writing them here would compare the output with itself.
        expect(existsSync(file), `${name}: expected.${key} is missing (UPDATE_FIXTURES=1 npm test writes it; read it before committing)`).toBe(true);
        expect(value, `${name}: ${key}`).toBe(readFileSync(file, 'utf8'));
      }
    });
  }
});
