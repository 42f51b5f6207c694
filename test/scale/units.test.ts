/** Shard hashing, the progress line and the cache, as units. */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CACHE_LOCATION, documentKey, ResultCache } from '../../src/scale/cache.js';
import { formatDuration, Progress } from '../../src/scale/progress.js';
import { fnv1a as stableHash } from '../../src/fnv.js';
import { inShard, parseShard } from '../../src/scale/shard.js';
import type { RecordResult } from '../../src/analyze.js';
import { tempDir } from '../helpers.js';
import { codeStamp } from '../../src/code-stamp.js';

describe('shards', () => {
  it('parses I/N and refuses what is not a share', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(typeof parseShard('0/3')).toBe('string');
    expect(typeof parseShard('4/3')).toBe('string');
    expect(typeof parseShard('1-3')).toBe('string');
  });

  it('hashes with FNV-1a (known values), so a split is the same everywhere', () => {
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
    expect(stableHash('foobar')).toBe(0xbf9cf968);
  });

  it('puts every key in exactly one of N shards, and balances them', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const owners = [1, 2, 3, 4].filter((index) => inShard(`doc-${i}.txt`, { index, count: 4 }));
      expect(owners).toHaveLength(1);
      counts[owners[0]! - 1]!++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});

describe('progress line', () => {
  it('stays silent for the first second, then draws documents, MB, rate, ETA and skips on one line', () => {
    let now = 0;
    let written = '';
    const p = new Progress({ write: (s: string) => (written += s) }, 4 * 1024 * 1024, () => now);
    p.read(1024 * 1024);
    now = 500;
    p.record(false);
    expect(written).toBe('');
    now = 2000;
    p.record(true);
    expect(written).toBe('\r\u001b[Kharmlex: 2 documents, 1.0 MB, 1 documents/s, ETA 0:06, 1 skipped');
    now = 2100; // redrawn at most every 250 ms
    p.record(false);
    expect(written.split('\r').length).toBe(2);
    p.done();
    expect(written.endsWith('\r\u001b[K')).toBe(true);
  });

  it('is cleared before a message on standard error, and only when it is on screen', () => {
    let now = 0;
    let written = '';
    const p = new Progress({ write: (s: string) => (written += s) }, null, () => now);
    p.clear();
    expect(written).toBe('');
    now = 2000;
    p.record(false);
    p.clear();
    expect(written.endsWith('documents/s\r\u001b[K')).toBe(true);
    const before = written.length;
    p.clear(); // already clear
    expect(written.length).toBe(before);
  });

  it('formats durations', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3 * 3600 + 120)).toBe('3h02m');
  });
});

describe('result cache', () => {
  const record = (id: string): RecordResult => ({ id, status: 'skipped', reason: 'x' });

  it('keys documents by id, metadata and text; skips are never cached', () => {
    const a = documentKey({ kind: 'document', id: 'a', text: 'hello' });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(documentKey({ kind: 'document', id: 'a', text: 'hello!' })).not.toBe(a);
    expect(documentKey({ kind: 'document', id: 'b', text: 'hello' })).not.toBe(a);
    expect(documentKey({ kind: 'document', id: 'a', text: 'hello', meta: { site: 'x' } })).not.toBe(a);
    expect(documentKey({ kind: 'skipped', id: 'a', reason: 'r' })).toBeNull();
  });

  it('reuses records only under the same context, and drops entries not seen in a run', () => {
    const file = join(tempDir(), DEFAULT_CACHE_LOCATION);
    const first = new ResultCache(file, 'ctx1');
    expect(first.get('k1')).toBeUndefined();
    first.set('k1', record('one'));
    first.set('k2', record('two'));
    first.save();

    const second = new ResultCache(file, 'ctx1');
    expect(second.get('k1')).toEqual(record('one'));
    expect(second.hits).toBe(1);
    second.save(); // k2 was not seen in this run

    expect(new ResultCache(file, 'ctx1').get('k2')).toBeUndefined();
    expect(new ResultCache(file, 'ctx2').get('k1')).toBeUndefined();
  });

  it('starts empty on a corrupt cache file', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.harmlex-cache'));
    const file = join(dir, '.harmlex-cache/scan.json');
    writeFileSync(file, '{"format":1,"context":"c","rec');
    const damaged = new ResultCache(file, 'c');
    expect(damaged.get('k')).toBeUndefined();
    damaged.set('k', record('one'));
    damaged.save(); // a damaged cache of ours is replaced
    expect(new ResultCache(file, 'c').get('k')).toEqual(record('one'));
  });

  it('never overwrites a file that is not a harmlex cache, and never reuses a malformed record', () => {
    const dir = tempDir();
    const notes = join(dir, 'notes.json');
    writeFileSync(notes, '{"my":"notes"}');
    const foreign = new ResultCache(notes, 'c');
    foreign.set('k', record('one'));
    expect(() => foreign.save()).toThrow(/not a harmlex cache/);
    expect(readFileSync(notes, 'utf8')).toBe('{"my":"notes"}');
    expect(readdirSync(dir)).toEqual(['notes.json']); // no temporary file left behind

    const file = join(dir, 'cache.json');
    // (format 2: each record has its checksum; a record without one, or not matching it, is not reused)
    const sum = (r: unknown) => createHash('sha256').update(JSON.stringify(r)).digest('hex');
    const bad = { id: 'x', status: 'ok' };
    writeFileSync(file, JSON.stringify({ format: 2, context: 'c', records: { bad, good: record('g') }, sums: { bad: sum(bad), good: sum(record('g')) } }));
    const cache = new ResultCache(file, 'c');
    expect(cache.get('bad')).toBeUndefined();
    expect(cache.get('good')).toEqual(record('g'));
  });

  it('a location it cannot write leaves no temporary file', () => {
    const dir = tempDir();
    const folder = join(dir, 'cache.json');
    mkdirSync(folder);
    const cache = new ResultCache(folder, 'c');
    cache.set('k', record('one'));
    expect(() => cache.save()).toThrow();
    expect(readdirSync(dir)).toEqual(['cache.json']);
  });
});

describe('code stamp', () => {
  it('hashes the named modules and folders (not subfolders), and changes when one does', () => {
    const root = tempDir();
    mkdirSync(join(root, 'lib', 'deep'), { recursive: true });
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js'; // the stamp reads the modules the way it runs (src/ here)
    writeFileSync(join(root, 'lib', `a${ext}`), 'one');
    writeFileSync(join(root, `top${ext}`), 'top');
    const first = codeStamp(['lib', 'top'], root);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(codeStamp(['lib'], root)).not.toBe(first);
    const other = tempDir();
    mkdirSync(join(other, 'lib', 'deep'), { recursive: true });
    writeFileSync(join(other, 'lib', `a${ext}`), 'one!');
    writeFileSync(join(other, `top${ext}`), 'top');
    expect(codeStamp(['lib', 'top'], other)).not.toBe(first);
    // The same modules elsewhere, with a subfolder and a file that is not code: the same stamp.
    const third = tempDir();
    mkdirSync(join(third, 'lib', 'deep'), { recursive: true });
    writeFileSync(join(third, 'lib', `a${ext}`), 'one');
    writeFileSync(join(third, `top${ext}`), 'top');
    writeFileSync(join(third, 'lib', 'deep', `b${ext}`), 'not counted');
    writeFileSync(join(third, 'lib', 'notes.md'), 'not code');
    expect(codeStamp(['lib', 'top'], third)).toBe(first);
    expect(codeStamp(['missing'], third)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('progress over one export', () => {
  it('counts rows as they are read, never past the file, and the rest when it ends', async () => {
    const { countedRows } = await import('../../src/scale/progress.js');
    const reads: number[] = [];
    async function* rows() {
      yield { kind: 'document', text: 'a'.repeat(40) };
      yield { kind: 'skipped' };
      yield { kind: 'document', text: 'b'.repeat(30) };
      yield { kind: 'document', text: 'c'.repeat(50) };
    }
    const seen: string[] = [];
    for await (const r of countedRows(rows(), 100, { read: (n: number) => reads.push(n) })) seen.push(r.kind);
    expect(seen).toEqual(['document', 'skipped', 'document', 'document']);
    expect(reads).toEqual([40, 30, 30, 0]); // capped at the file's 100 bytes, then nothing left
    const more: number[] = [];
    for await (const _ of countedRows(rows(), 500, { read: (n: number) => more.push(n) })) void _;
    expect(more).toEqual([40, 30, 50, 380]); // the file's bytes beyond the text (quotes, ids, metadata) at the end
  });
});
