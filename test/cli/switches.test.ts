/**
 * Every optimisation has a switch (docs/performance.md, "Switches"), and none changes an output:
 * the WebAssembly word pass (HARMLEX_WORDPASS=js), the read-ahead thread (HARMLEX_READ_AHEAD=off),
 * the worker pool (HARMLEX_WORKERS=off), the pattern prefilter (HARMLEX_PATTERN_FILTER=off) and the
 * build's precomputed work (HARMLEX_PRECOMPUTED=off).
 * Spawned, as `npm run bench` runs them.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;

function scan(dir: string, env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, [`${root}bin/harmlex.js`, 'scan', '.', '--format', 'jsonl', '--no-progress', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
}

describe('optimisation switches', () => {
  // More files than are read before the read-ahead thread starts (READ_HERE_FIRST, 512).
  const dir = tempDir('harmlex-switches-');
  const docs = readdirSync(`${root}fixtures/docs`).map((f) => readFileSync(`${root}fixtures/docs/${f}`, 'utf8'));
  for (let i = 0; i < 600; i++) writeFileSync(join(dir, `doc-${String(i).padStart(3, '0')}.txt`), docs[i % docs.length]!);

  it('each turned off writes what the default writes', () => {
    const base = scan(dir, {});
    expect(base.status, base.stderr).toBe(0);
    expect(base.stdout.split('\n')).toHaveLength(601);
    for (const env of [{ HARMLEX_WORDPASS: 'js' }, { HARMLEX_READ_AHEAD: 'off' }, { HARMLEX_WORKERS: 'off' }, { HARMLEX_PATTERN_FILTER: 'off' }, { HARMLEX_PRECOMPUTED: 'off' }] as Record<string, string>[]) {
      const r = scan(dir, env);
      expect(r.status, `${JSON.stringify(env)}: ${r.stderr}`).toBe(0);
      expect(r.stdout, JSON.stringify(env)).toBe(base.stdout);
    }
    // The pool starts on its own only past 32 MB of text, so it is asked for: with workers (on by
    // default) and without, --jobs 2 writes what one thread writes.
    const pooled = scan(dir, {}, '--jobs', '2');
    expect(pooled.status, pooled.stderr).toBe(0);
    expect(pooled.stdout).toBe(base.stdout);
    const jobs = scan(dir, { HARMLEX_WORKERS: 'off' }, '--jobs', '2');
    expect(jobs.stdout).toBe(base.stdout);
  });

  it('a value it does not know is a usage error (exit 2)', () => {
    const r = scan(dir, { HARMLEX_WORDPASS: 'fast' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('HARMLEX_WORDPASS=fast: expected js or wasm');
  });
});
