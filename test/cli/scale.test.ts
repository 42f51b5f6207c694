/**
 * Scale features end to end: --jobs gives byte-identical output, three --shard runs merge into one
 * run's results, --cache reuses unchanged documents, and JSONL on standard input streams.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/harmlex.js');

/** A corpus of 240 documents made from the shipped excerpts, each cut and recombined differently. */
function makeCorpus(): string {
  const dir = tempDir('harmlex-corpus-');
  const sources = [...readdirSync(join(root, 'fixtures/eval/docs')).map((f) => join(root, 'fixtures/eval/docs', f)), ...readdirSync(join(root, 'fixtures/docs')).map((f) => join(root, 'fixtures/docs', f))];
  const texts = sources.map((f) => readFileSync(f, 'utf8'));
  for (let i = 0; i < 240; i++) {
    const a = texts[i % texts.length]!;
    const b = texts[(i * 7 + 3) % texts.length]!;
    writeFileSync(join(dir, `doc-${String(i).padStart(3, '0')}.txt`), `${a.slice(i % 40)}\n\n${b.slice(0, 200 + (i % 300))}\n`);
  }
  return dir;
}

const sortedLines = (s: string) => s.trimEnd().split('\n').sort();

describe('scale', () => {
  let corpus = '';
  beforeAll(() => {
    corpus = makeCorpus();
  });

  it('--jobs 2 writes exactly what --jobs 1 writes (JSONL and CSV)', async () => {
    for (const format of ['jsonl', 'csv']) {
      const one = await runCli(['scan', corpus, '--format', format, '--jobs', '1']);
      const two = await runCli(['scan', corpus, '--format', format, '--jobs', '2']);
      expect(one.code).toBe(0);
      expect(two.code).toBe(0);
      expect(two.stdout.split('\n').length).toBeGreaterThan(240);
      expect(two.stdout).toBe(one.stdout);
    }
  });

  it('three shards merge into the results of one run (cat, and summarize over the shard files)', async () => {
    const dir = tempDir();
    const whole = await runCli(['scan', corpus, '--format', 'jsonl']);
    const parts: string[] = [];
    for (const i of [1, 2, 3]) {
      const file = join(dir, `shard-${i}.jsonl`);
      const r = await runCli(['scan', corpus, '--format', 'jsonl', '--shard', `${i}/3`, '-o', file]);
      expect(r.code).toBe(0);
      parts.push(readFileSync(file, 'utf8'));
    }
    for (const p of parts) expect(p.trim().split('\n').length).toBeGreaterThan(50); // balanced, not all in one
    expect(sortedLines(parts.join(''))).toEqual(sortedLines(whole.stdout));

    // CSV: the header once (--no-header on the later shards), then every row once.
    const csv = await runCli(['scan', corpus, '--format', 'csv']);
    const csvParts = await Promise.all([1, 2, 3].map((i) => runCli(['scan', corpus, '--format', 'csv', '--shard', `${i}/3`, ...(i > 1 ? ['--no-header'] : [])])));
    const merged = csvParts.map((r) => r.stdout).join('');
    const [header, ...rows] = merged.trimEnd().split('\n');
    const [wholeHeader, ...wholeRows] = csv.stdout.trimEnd().split('\n');
    expect(header).toBe(wholeHeader);
    expect(rows.sort()).toEqual(wholeRows.sort());

    // summarize over the three files = summarize over one run's file
    const wholeFile = join(dir, 'whole.jsonl');
    writeFileSync(wholeFile, whole.stdout);
    const a = await runCli(['summarize', wholeFile, '--format', 'json']);
    const b = await runCli(['summarize', ...[1, 2, 3].map((i) => join(dir, `shard-${i}.jsonl`)), '--format', 'json']);
    expect(a.code).toBe(0);
    const strip = (s: string) => JSON.stringify({ ...JSON.parse(s), inputs: undefined, files: undefined });
    expect(strip(b.stdout)).toBe(strip(a.stdout));
  });

  it('--shard keeps a --group-by unit whole', async () => {
    const args = ['scan', 'fixtures/inputs/participants', '--meta-from-path', '(?<site>[A-Z]{2})\\.(?<participant>\\d+)', '--group-by', 'participant', '--format', 'jsonl'];
    const whole = await runCli(args);
    expect(whole.code).toBe(0);
    expect(whole.stdout.trim().split('\n')).toHaveLength(2); // PA.7.a and PA.7.b are one unit
    for (const i of [1, 2, 3]) {
      const part = await runCli([...args, '--shard', `${i}/3`]);
      expect(part.stdout.includes('PA.7.a') === part.stdout.includes('PA.7.b')).toBe(true);
    }
    const parts = await Promise.all([1, 2, 3].map((i) => runCli([...args, '--shard', `${i}/3`])));
    expect(sortedLines(parts.map((p) => p.stdout).join(''))).toEqual(sortedLines(whole.stdout));
  });

  it('a shard that holds none of the documents is an empty result (exit 0, saying so), not an error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'one.txt'), 'It is their choice.\n');
    const codes = await Promise.all([1, 2].map((i) => runCli(['scan', 'one.txt', '--shard', `${i}/2`, '--format', 'jsonl'], { cwd: dir })));
    const empty = codes.find((r) => r.stdout === '')!;
    expect(empty.code).toBe(0);
    expect(empty.stderr).toMatch(/none of the 1 document falls in this share/);
    expect(codes.find((r) => r.stdout !== '')!.code).toBe(0);
    // An input with no documents at all is still an error.
    const none = await runCli(['scan', '--shard', '1/2', '--format', 'jsonl', '-'], { cwd: dir, stdin: '' });
    expect(none.code).toBe(2);
  });

  it('streamed JSONL with --group-by: the field is known from the lines (standard input is read first)', async () => {
    const stdin = '{"id":"a","site":"x","text":"He is an addict."}\n{"id":"b","site":"x","text":"It is her choice."}\n';
    const r = await runCli(['scan', '--stdin-format', 'jsonl', '--format', 'jsonl', '--group-by', 'site'], { stdin });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['x']);
  });

  it('refuses a bad --shard', async () => {
    const r = await runCli(['scan', corpus, '--shard', '4/3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shard/);
  });

  it('--cache reuses unchanged documents, re-reads changed ones, and gives the same output', async () => {
    const dir = tempDir();
    const docs = join(dir, 'docs');
    const cache = join(dir, 'cache.json');
    const run = (...extra: string[]) => runCli(['scan', docs, '--format', 'csv', '--cache', '--cache-location', cache, ...extra], { cwd: dir });
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(docs);
    for (const f of readdirSync(join(root, 'fixtures/docs'))) copyFileSync(join(root, 'fixtures/docs', f), join(docs, f));

    const first = await run();
    expect(first.code).toBe(0);
    expect(first.stderr).not.toMatch(/--cache/);
    const second = await run();
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toMatch(/--cache: 6 of 6 documents unchanged/);

    writeFileSync(join(docs, 'note-no-evidence.txt'), 'Patient is an addict.\n');
    const third = await run();
    expect(third.stderr).toMatch(/--cache: 5 of 6 documents unchanged/);
    expect(third.stdout).toMatch(/note-no-evidence\.txt,ok,,4,antithetical/);

    const other = await run('--no-context'); // other options: nothing reused
    expect(other.stderr).not.toMatch(/--cache/);

    // Records made by other analysis code (a development build: same version number) are not reused.
    const { analysisCodeStamp } = await import('../../src/scale/cache.js');
    await run();
    const saved = JSON.parse(readFileSync(cache, 'utf8')) as { context: string };
    const context = JSON.parse(saved.context) as unknown[];
    expect(context[1]).toBe(analysisCodeStamp());
    context[1] = 'f'.repeat(64);
    writeFileSync(cache, JSON.stringify({ ...saved, context: JSON.stringify(context) }));
    expect((await run()).stderr).not.toMatch(/--cache/);
    expect((await run()).stderr).toMatch(/--cache: 6 of 6 documents unchanged/);
  });

  it('--shard with --cache: each shard keeps its own cache file, and the skip records of a file stay with its shard', async () => {
    const dir = tempDir();
    const docs = join(dir, 'docs');
    const { mkdirSync, existsSync } = await import('node:fs');
    mkdirSync(docs);
    for (let i = 0; i < 8; i++) writeFileSync(join(docs, `n${i}.txt`), `Note ${i}: the patient is an addict.\n`);
    // A transcript with a broken cue: a skip record whose id (file:line) is not the file's.
    writeFileSync(join(docs, 'z.vtt'), 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nI: Hello.\n\n00:00:03.000 --> garbage\nP: Hi.\n');
    const shardRun = (i: number, ...extra: string[]) => runCli(['scan', docs, '--format', 'jsonl', '--shard', `${i}/2`, ...extra], { cwd: dir });
    const plain = [await shardRun(1), await shardRun(2)];
    const cached = [await shardRun(1, '--cache'), await shardRun(2, '--cache')];
    // Without and with the cache: the same records and exit codes, shard by shard (the skip included).
    expect(cached.map((r) => [r.code, r.stdout])).toEqual(plain.map((r) => [r.code, r.stdout]));
    expect(plain.map((r) => r.stdout).join('')).toMatch(/"status":"skipped"/);
    expect(plain.some((r) => r.code === 2)).toBe(true);
    expect(existsSync(join(dir, '.harmlex-cache/scan-shard-1-of-2.json'))).toBe(true);
    expect(existsSync(join(dir, '.harmlex-cache/scan-shard-2-of-2.json'))).toBe(true);
    // Taking turns, each shard reuses every result it saved (shared, they erased each other's).
    const again = [await shardRun(1, '--cache'), await shardRun(2, '--cache')];
    const documents = (r: { stdout: string }) => r.stdout.trim().split('\n').filter((l) => l.includes('"status":"ok"')).length;
    for (const r of again) expect(r.stderr).toContain(`--cache: ${documents(r)} of ${documents(r)} documents unchanged`);
    expect(documents(again[0]!) + documents(again[1]!)).toBe(9);
  });

  it('streamed JSONL: a line that is not UTF-8 is a skip naming the line, and the lines after it are scored', async () => {
    const stdin = Buffer.concat([Buffer.from('{"id":"a","text":"He is an addict."}\n{"id":"b","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n{"id":"c","text":"It is her choice."}\n')]);
    const r = await runCli(['scan', '--stdin-format', 'jsonl', '--format', 'jsonl'], { stdin });
    expect(r.code).toBe(2);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; status: string; reason?: string });
    expect(records.map((x) => [x.id, x.status])).toEqual([['a', 'ok'], ['stdin:2', 'skipped'], ['c', 'ok']]);
    expect(records[1]!.reason).toMatch(/line 2: not valid UTF-8/);
  });

  it('streamed JSONL in UTF-16 (with its BOM) is read as a file would be; empty input says so', async () => {
    const text = '{"id":"a","text":"He is an addict."}\n{"id":"b","text":"It is her choice."}\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = await runCli(['scan', '--stdin-format', 'jsonl', '--format', 'jsonl'], { stdin: utf16 });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['a', 'b']);
    const empty = await runCli(['scan', '--stdin-format', 'jsonl', '--format', 'jsonl'], { stdin: '' });
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.stdout).reason).toBe('standard input was empty');
    // --stdin-id names the skip of an empty or binary input, as it names a document read whole
    const named = await runCli(['scan', '--stdin-format', 'jsonl', '--format', 'jsonl', '--stdin-id', 'batch-7'], { stdin: '' });
    expect(JSON.parse(named.stdout)).toMatchObject({ id: 'batch-7', status: 'skipped' });
    const binary = await runCli(['scan', '--stdin-format', 'jsonl', '--format', 'jsonl', '--stdin-id', 'batch-8'], { stdin: Buffer.from([0x7b, 0x00, 0x0a, 0x7d, 0x0a, 0x00, 0x0a]) });
    expect(binary.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ id: 'batch-8', reason: 'binary file (contains NUL bytes)' })]);
  });

  it('--cache that cannot be saved is a warning; the results are still written', async () => {
    const r = await runCli(['scan', 'fixtures/docs', '--format', 'csv', '--cache', '--cache-location', join(tempDir(), 'missing/folder/cache.json')], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(7);
    expect(r.stderr).toMatch(/--cache: could not save .*ENOENT/);
  });

  it('streams JSONL from standard input: a record comes out before the input ends', async () => {
    const child = spawn(process.execPath, [bin, 'scan', '--stdin-format', 'jsonl', '--format', 'jsonl'], { cwd: root });
    let out = '';
    const firstLine = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve();
      });
    });
    child.stdin.write('{"id":"one","text":"She is a heroin addict."}\n');
    await firstLine; // the input is still open
    expect(JSON.parse(out.split('\n')[0]!)).toMatchObject({ id: 'one', placement: 'antithetical' });
    child.stdin.end('{"id":"two","text":"We gave her naloxone and it is her choice."}\n');
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    expect(code).toBe(0);
    expect(out.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['one', 'two']);
  }, 20_000);
});
