import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedSnapshotText, lexiconCacheDir } from '../../src/io/lexicon-cache.js';
import { LexiconError } from '../../src/lexicon/errors.js';
import { loadLexiconFiles } from '../../src/io/lexicon-files.js';
import { scanText } from '../../src/scan/scan.js';
import { runCli, tempDir } from '../helpers.js';

const MINI = join(import.meta.dirname, '../../fixtures/lexicons/mini.yaml');
const SAMPLE = 'He is an addict. Clean urine today; I meet patients where they are. We will not terminate care. It is their choice.';

/** A folder with the mini lexicon and a local one that extends it. */
function project(): { dir: string; local: string } {
  const dir = tempDir();
  copyFileSync(MINI, join(dir, 'mini.yaml'));
  const local = join(dir, 'local.yaml');
  writeFileSync(local, "harmlex: 1\nname: local\nversion: '1'\nextends: [mini.yaml]\nentries:\n  - id: junkie\n    category: stigma\n    terms: [junkie]\n    source: test\n");
  return { dir, local };
}

const summary = (compiled: Awaited<ReturnType<typeof loadLexiconFiles>>['compiled']) => scanText(SAMPLE, compiled).map((m) => `${m.entry}@${m.start}-${m.end}:${m.negated}`);

describe('compiled-lexicon cache', () => {
  it('a second load is restored from the cache and scans exactly as the compiled one', async () => {
    const { dir, local } = project();
    const cache = join(dir, 'cache');
    const first = await loadLexiconFiles([local], dir, cache);
    expect(cachedSnapshotText(first.compiled)).toBeUndefined();
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const second = await loadLexiconFiles([local], dir, cache);
    expect(cachedSnapshotText(second.compiled)).toBeDefined();
    expect(second.lexicon).toEqual(first.lexicon);
    expect(summary(second.compiled)).toEqual(summary(first.compiled));
    expect(summary(second.compiled).length).toBeGreaterThan(3);
  });

  it('the built-in lexicon restored from the build snapshot has the compiled one\'s context rules (parsed on first use)', async () => {
    const { DEFAULT_LEXICON_PATH } = await import('../../src/io/lexicon-files.js');
    const { readSnapshotFile, restoreSnapshotBody } = await import('../../src/lexicon/snapshot.js');
    // The snapshot `npm run build` wrote (a run from the sources compiles the YAML instead).
    const file = readSnapshotFile(readFileSync(join(import.meta.dirname, '../../dist/default-lexicon.json')))!;
    expect(file).not.toBeNull();
    const restored = restoreSnapshotBody(file);
    const compiled = (await loadLexiconFiles([DEFAULT_LEXICON_PATH], process.cwd(), null)).compiled;
    expect(restored).not.toBe(compiled);
    // Stored in the snapshot, not recomputed: still what compiling gives.
    expect(restored.maxContextPhrase).toBe(compiled.maxContextPhrase);
    expect(restored.maxContextPhrase).toBeGreaterThan(1);
    const rules = (c: typeof compiled) =>
      c.entries.map((e) => [e.entry.id, e.exceptionsBefore, e.exceptionsAfter, e.exceptionsWindow, e.requires, e.requiresWindow, e.patterns.map(String)]);
    expect(rules(restored)).toEqual(rules(compiled));
    expect(restored.patternEntries).toEqual(compiled.patternEntries);
    expect(rules(compiled).some(([, before, after]) => (before as unknown[]).length + (after as unknown[]).length > 0)).toBe(true);
  });

  it('an edit to any file of the extends chain is seen (the entry is not used, then replaced)', async () => {
    const { dir, local } = project();
    const cache = join(dir, 'cache');
    await loadLexiconFiles([local], dir, cache);
    // Edit the extended file, not the one named on the command line.
    const mini = join(dir, 'mini.yaml');
    writeFileSync(mini, readFileSync(mini, 'utf8').replace('terms: [addict, addicts, drug addict, former addict]', 'terms: [addicts]'));
    const edited = await loadLexiconFiles([local], dir, cache);
    expect(cachedSnapshotText(edited.compiled)).toBeUndefined();
    expect(summary(edited.compiled).some((s) => s.startsWith('addict@'))).toBe(false);
    const again = await loadLexiconFiles([local], dir, cache);
    expect(cachedSnapshotText(again.compiled)).toBeDefined();
    expect(summary(again.compiled)).toEqual(summary(edited.compiled));
  });

  it('a broken lexicon is never cached: every load reports its problems', async () => {
    const { dir, local } = project();
    const cache = join(dir, 'cache');
    writeFileSync(local, readFileSync(local, 'utf8').replace('category: stigma', 'category: nonsense'));
    for (let i = 0; i < 2; i++) await expect(loadLexiconFiles([local], dir, cache)).rejects.toBeInstanceOf(LexiconError);
  });

  it('a damaged entry, or a cache folder that cannot be written, only means compiling', async () => {
    const { dir, local } = project();
    const cache = join(dir, 'cache');
    const compiled = await loadLexiconFiles([local], dir, cache);
    const entry = join(cache, readdirSync(cache).find((f) => f.endsWith('.json'))!);
    writeFileSync(entry, '{"snapshot": 4, "deps": ');
    const afterDamage = await loadLexiconFiles([local], dir, cache);
    expect(cachedSnapshotText(afterDamage.compiled)).toBeUndefined();
    expect(summary(afterDamage.compiled)).toEqual(summary(compiled.compiled));
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder would be');
    const unwritable = await loadLexiconFiles([local], dir, join(blocked, 'cache'));
    expect(summary(unwritable.compiled)).toEqual(summary(compiled.compiled));
  });

  it('the CLI finds it in its own environment; the library uses none unless given a folder', async () => {
    const { dir, local } = project();
    const cache = join(dir, 'from-env');
    const r = await runCli(['scan', '-', '-l', local, '--format', 'jsonl'], { cwd: dir, stdin: SAMPLE, env: { HARMLEX_LEXICON_CACHE: cache } });
    expect(r.code).toBe(0);
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const loaded = await loadLexiconFiles([local], dir);
    expect(cachedSnapshotText(loaded.compiled)).toBeUndefined();
  });

  it('its location: HARMLEX_LEXICON_CACHE, else XDG_CACHE_HOME, else ~/.cache; off turns it off', () => {
    expect(lexiconCacheDir({ HARMLEX_LEXICON_CACHE: '/x/y' })).toBe('/x/y');
    expect(lexiconCacheDir({ HARMLEX_LEXICON_CACHE: 'off' })).toBeNull();
    expect(lexiconCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/harmlex/lexicons');
    expect(lexiconCacheDir({})).toMatch(/\.cache\/harmlex\/lexicons$/);
  });
});
