/**
 * The "past one machine" recipes of docs/scale.md, run for real with GNU parallel: four shards merge
 * into one run's records byte for byte (after sorting by line), and `parallel --pipe` over a JSONL
 * export scores every line once. GNU parallel is a Debian package that .ci/run installs: under
 * CI=true a missing `parallel` fails here with that message; elsewhere the suite is skipped, visibly.
 * Spark's RDD.pipe and SLURM arrays stay documented recipes (no test runs them).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;
const harmlex = `"${process.execPath}" "${join(root, 'bin/harmlex.js')}"`;
const hasParallel = spawnSync('parallel', ['--version'], { encoding: 'utf8' }).status === 0;
const required = process.env.CI === 'true';

/** The recipes as the docs give them, with `harmlex` standing for this checkout's binary. */
const SHARDS = 'parallel --will-cite harmlex scan corpus/ --shard {}/4 --format jsonl --no-progress -o results.{}.jsonl ::: 1 2 3 4';
const PIPE = 'parallel --will-cite --pipe -N 25 harmlex scan --stdin-format jsonl --format jsonl --no-progress < notes.jsonl > results.jsonl';
const run = (cmd: string, cwd: string) => spawnSync('bash', ['-c', cmd.replaceAll('harmlex scan', `${harmlex} scan`)], { cwd, encoding: 'utf8', timeout: 120_000 });

describe('GNU parallel', () => {
  it.runIf(required && !hasParallel)('is installed (CI): apt-get install parallel, as .ci/run does', () => {
    expect.fail('GNU parallel is not installed, and CI=true needs it: .ci/run installs it with apt-get install parallel');
  });

  describe.skipIf(!hasParallel)('recipes (skipped: GNU parallel is not installed; apt-get install parallel)', () => {
    it('the docs give these recipes', () => {
      const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(root, 'docs', f), 'utf8')).join('\n') + readFileSync(join(root, 'README.md'), 'utf8');
      expect(docs).toContain(SHARDS);
      expect(docs).toContain(PIPE);
    });

    it('four shards merge into the records of one run, byte for byte after sorting', () => {
      const dir = tempDir('harmlex-parallel-');
      const corpus = join(dir, 'corpus');
      spawnSync('mkdir', [corpus]);
      for (let i = 1; i <= 60; i++) writeFileSync(join(corpus, `d${i}.txt`), `Doc ${i}. We meet them where they are. He is an addict ${i % 7} times. Naloxone given.\n`);
      const one = run('harmlex scan corpus/ --format jsonl --no-progress', dir);
      expect(one.status, one.stderr).toBe(0);
      const shards = run(SHARDS, dir);
      expect(shards.status, shards.stderr).toBe(0);
      const parts = readdirSync(dir).filter((f) => /^results\.\d\.jsonl$/.test(f));
      expect(parts).toHaveLength(4);
      const merged = parts.flatMap((f) => readFileSync(join(dir, f), 'utf8').trimEnd().split('\n').filter(Boolean)).sort();
      expect(merged).toEqual(one.stdout.trimEnd().split('\n').sort());
      expect(merged).toHaveLength(60);
    });

    it('--pipe over a JSONL export scores every line once', () => {
      const dir = tempDir('harmlex-parallel-pipe-');
      const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: `n${i}`, text: i % 2 ? 'he is an addict' : 'we respect her choice' }));
      writeFileSync(join(dir, 'notes.jsonl'), `${lines.join('\n')}\n`);
      const r = run(PIPE, dir);
      expect(r.status, r.stderr).toBe(0);
      const records = readFileSync(join(dir, 'results.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; status: string });
      expect(records.map((x) => x.id).sort()).toEqual(lines.map((l) => (JSON.parse(l) as { id: string }).id).sort());
      expect(records.every((x) => x.status === 'ok')).toBe(true);
    });
  });
});
