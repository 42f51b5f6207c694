/**
 * Vitest's global setup: build before any test runs. Worker threads (the --jobs pool, the
 * read-ahead helper) cannot load TypeScript, so under the test runner they start from dist/; the
 * spawned CLI runs dist/ too. Building here means a test never exercises code older than the
 * source under test, whether the run is `npm test` or `npx vitest run test/one.test.ts`.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the build failed, so no test ran (workers and the spawned CLI run the build):\n${r.stdout}${r.stderr}${r.error ?? ''}`);
}
