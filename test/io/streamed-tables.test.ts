/**
 * Large exports are read a chunk at a time; what comes out must be exactly what the whole-file
 * path gives: the same rows, skips, ids, metadata and line numbers, CRLF split across chunks too.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from '../../src/io/chunks.js';
import { decodeBytes, firstInvalidUtf8, LenientUtf8, type BadByte } from '../../src/io/decode.js';
import { readFileDocuments, type DocumentItem, type ReadOptions } from '../../src/io/documents.js';
import { DOCUMENT_READERS, tabularMetaKeys } from '../../src/io/readers/index.js';
import { runCli, tempDir } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;

async function read(path: string, streamAt?: number): Promise<DocumentItem[]> {
  const options: ReadOptions = { cwd: root, maxFileSize: 1 << 30, stdinId: 'stdin', textColumn: 'text', idColumn: 'id', ...(streamAt !== undefined ? { streamAt } : {}) };
  const out: DocumentItem[] = [];
  for await (const d of readFileDocuments({ path, explicit: true }, options, DOCUMENT_READERS)) out.push(d);
  return out;
}

describe('streamed tables', () => {
  const tables = [
    ...['notes.csv', 'notes.jsonl'].map((f) => join(root, 'fixtures/inputs', f)),
    ...readdirSync(join(root, 'fixtures/inputs/bad-batch')).filter((f) => /\.(csv|tsv|jsonl)$/.test(f)).map((f) => join(root, 'fixtures/inputs/bad-batch', f)),
  ];

  for (const file of tables) {
    it(`reads ${file.slice(root.length)} the same either way`, async () => {
      const whole = await read(file);
      expect(whole.length).toBeGreaterThan(0);
      expect(await read(file, 0)).toEqual(whole);
    });
  }

  it('joins a CRLF that falls across a chunk boundary, and keeps line numbers', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    const header = 'id,text,unit\r\n';
    // The first row is padded so that its CRLF straddles byte 1,048,576.
    const fill = 'x'.repeat(CHUNK_BYTES - header.length - 'r1,"'.length - '",a'.length - 1);
    const rows = [`r1,"${fill}",a\r\n`];
    for (let i = 2; i <= 2000; i++) rows.push(`r${i},"line one of ${i}\r\nline two, with ""quotes""",u${i % 7}\r\n`);
    rows.splice(1000, 0, 'broken,"never closed,u\r\n');
    const text = header + rows.join('');
    expect(Buffer.from(text).subarray(CHUNK_BYTES - 1, CHUNK_BYTES + 1).toString()).toBe('\r\n');
    writeFileSync(file, text);
    const whole = await read(file);
    const streamed = await read(file, 0);
    expect(streamed).toEqual(whole);
    // the broken row is a skip, and reading goes on after it
    expect(streamed.filter((d) => d.kind === 'document').length).toBeGreaterThanOrEqual(1998);
    expect(streamed.some((d) => d.kind === 'skipped' && /line 2001: malformed row/.test(d.reason))).toBe(true);
    const last = streamed[streamed.length - 1]!;
    expect(last).toMatchObject({ kind: 'document', id: 'r2000', meta: { unit: 'u5' } });
  });

  it('a CSV skips only the rows with bytes that are not UTF-8, and reads the rest, large or small', async () => {
    // csv: split by the fast path; csv-irregular: a stray quote in row 2 hands the file to csv-parse.
    for (const kind of ['csv', 'csv-irregular']) {
      const file = join(tempDir(), 'bad.csv');
      const row = (i: number) => `r${i},${kind === 'csv-irregular' && i === 2 ? 'a "stray" quote' : `"${'word '.repeat(40)}"`}\r\n`;
      const parts: Buffer[] = [Buffer.from('id,text\r\n')];
      const badAt: number[] = [];
      const bytesSoFar = () => parts.reduce((n, b) => n + b.length, 0);
      for (let i = 1; i <= 6000; i++) {
        if (i === 3000) {
          // A Windows-1252 apostrophe (0x92) inside the cell, in a later chunk.
          parts.push(Buffer.from('r3000,"the patient'));
          badAt.push(bytesSoFar());
          parts.push(Buffer.from([0x92]), Buffer.from('s choice"\r\n'));
        } else if (i === 4000) {
          // On the second line of a quoted cell: the row is still the one skipped.
          parts.push(Buffer.from('r4000,"first line\r\nsecond '));
          badAt.push(bytesSoFar());
          parts.push(Buffer.from([0xe2, 0x80]), Buffer.from(' line"\r\n'));
        } else parts.push(Buffer.from(row(i)));
      }
      badAt.push(bytesSoFar());
      parts.push(Buffer.from([0xff, 0x0a]));
      writeFileSync(file, Buffer.concat(parts));
      const streamed = await read(file, 0);
      expect(await read(file), kind).toEqual(streamed);
      const docs = streamed.filter((d) => d.kind === 'document');
      expect(docs.length, kind).toBe(5998);
      expect(docs.map((d) => d.id)).not.toContain('r3000');
      expect(docs[docs.length - 1]!.id).toBe('r6000');
      const skips = streamed.filter((d) => d.kind === 'skipped');
      // Row 3000 is on line 3001; row 4000 on lines 4001-4002 (row 3000 had one line); the last line is 6003.
      expect(skips.map((d) => d.reason), kind).toEqual([
        `line 3001: not valid UTF-8 at byte ${badAt[0]}; convert the input to UTF-8, or name its encoding with --encoding (windows-1252, latin1, utf-16le)`,
        `line 4001: not valid UTF-8 at byte ${badAt[1]} (line 4002); convert the input to UTF-8, or name its encoding with --encoding (windows-1252, latin1, utf-16le)`,
        `line 6003: not valid UTF-8 at byte ${badAt[2]}; convert the input to UTF-8, or name its encoding with --encoding (windows-1252, latin1, utf-16le)`,
      ]);
    }
  });

  it('takes the columns of a large table whose header row is longer than a chunk', () => {
    const file = join(tempDir(), 'wide.csv');
    const names = Array.from({ length: 3000 }, (_, i) => `a_rather_long_column_name_${String(i).padStart(4, '0')}`);
    const header = `id,text,${names.join(',')}\n`;
    expect(header.length).toBeGreaterThan(2 * CHUNK_BYTES);
    const row = `r1,"${'word '.repeat(1_800_000)}",${names.map(() => 'x').join(',')}\n`; // over STREAM_AT (8 MiB)
    writeFileSync(file, header + row);
    const options: ReadOptions = { cwd: root, maxFileSize: 1 << 30, stdinId: 'stdin', textColumn: 'text', idColumn: 'id' };
    expect(tabularMetaKeys([file], options)).toEqual(names);
  });

  it('a large UTF-16 table that breaks partway keeps the rows of the chunks before the break, then one skip names it', async () => {
    const file = join(tempDir(), 'u16.csv');
    const rows = Array.from({ length: 3000 }, (_, i) => `r${i},"${'word '.repeat(10)}"\n`).join('');
    const head = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`id,text\n${rows}`, 'utf16le')]);
    // A lone low surrogate (DC00), then more rows that are never read.
    writeFileSync(file, Buffer.concat([head, Buffer.from([0x00, 0xdc]), Buffer.from('r-late,after\n', 'utf16le')]));
    const docs = await read(file, 0);
    // The chunk that holds the break is not decoded: the rows that end before it are kept.
    const chunkStart = Math.floor(head.length / CHUNK_BYTES) * CHUNK_BYTES;
    const linesBefore = head.subarray(2, chunkStart).toString('utf16le').split('\n').length - 1;
    expect(linesBefore).toBeGreaterThan(2000);
    expect(docs.filter((d) => d.kind === 'document').length).toBe(linesBefore - 1); // (the header is a line too)
    expect(docs[docs.length - 1]).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/^not valid UTF-16LE .*the rest of the file was not read/) });
  });

  it('skips a table whose header row is not UTF-8, naming the byte', async () => {
    const file = join(tempDir(), 'head.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('id,te'), Buffer.from([0xff]), Buffer.from('xt\nr1,hello\n')]));
    for (const streamAt of [undefined, 0]) {
      expect(await read(file, streamAt)).toEqual([{ kind: 'skipped', id: file, source: file, reason: 'line 1: the header row is not valid UTF-8 at byte 5; convert the input to UTF-8, or name its encoding with --encoding (windows-1252, latin1, utf-16le)' }]);
    }
  });

  it('decodes text with bad bytes the same whatever the pieces, with each bad byte at its offset and line', () => {
    const bytes = Buffer.concat([Buffer.from('a\r\nb\u00e9'), Buffer.from([0xff]), Buffer.from('\rc\n\u2019'), Buffer.from([0xe2, 0x80]), Buffer.from('\r\n'), Buffer.from([0xc3]), Buffer.from('x\ud83d\ude00')]);
    const whole = (() => {
      const bad: BadByte[] = [];
      return { text: new LenientUtf8(bad, 3).decode(bytes, true), bad };
    })();
    expect(whole.text).toBe('a\r\nb\u00e9\ufffd\rc\n\u2019\ufffd\ufffd\r\n\ufffdx\ud83d\ude00');
    expect(whole.bad).toEqual([
      { offset: 3 + 6, line: 2 },
      { offset: 3 + 13, line: 4 },
      { offset: 3 + 14, line: 4 },
      { offset: 3 + 17, line: 5 },
    ]);
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) {
        const bad: BadByte[] = [];
        const d = new LenientUtf8(bad, 3);
        const text = d.decode(bytes.subarray(0, a)) + d.decode(bytes.subarray(a, b)) + d.decode(bytes.subarray(b), true);
        expect({ text, bad }, `cut at ${a}, ${b}`).toEqual(whole);
      }
    }
  });

  it('JSONL of any size skips only a line that is not UTF-8, and reads the lines after it', async () => {
    const line = (i: number) => `${JSON.stringify({ id: `r${i}`, text: 'word '.repeat(40) })}\n`;
    const before = Array.from({ length: 6000 }, (_, i) => line(i + 1)).join(''); // many chunks: the bad line is in a later one
    const after = Array.from({ length: 50 }, (_, i) => line(i + 6002)).join('');
    const file = join(tempDir(), 'bad.jsonl');
    writeFileSync(file, Buffer.concat([Buffer.from(before), Buffer.from('{"id":"bad","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n'), Buffer.from(after)]));
    for (const streamAt of [0, undefined]) {
      const docs = await read(file, streamAt);
      expect(docs.filter((d) => d.kind === 'document').map((d) => d.id)).toEqual([...Array.from({ length: 6000 }, (_, i) => `r${i + 1}`), ...Array.from({ length: 50 }, (_, i) => `r${i + 6002}`)]);
      expect(docs.filter((d) => d.kind === 'skipped')).toEqual([expect.objectContaining({ id: expect.stringMatching(/bad\.jsonl:6001$/), reason: 'line 6001: not valid UTF-8; convert the input to UTF-8, or name its encoding with --encoding (windows-1252, latin1, utf-16le)' })]);
    }
  });

  it('a large JSONL file with a line that is not UTF-8 keeps the metadata keys of the other lines (CSV columns, --group-by)', async () => {
    const dir = tempDir();
    const line = (i: number) => `${JSON.stringify({ id: `r${i}`, site: `s${i % 3}`, text: `The patient is an addict. ${'word '.repeat(40)}` })}\n`;
    const rows = Array.from({ length: 40_000 }, (_, i) => line(i)).join(''); // over STREAM_AT (8 MiB)
    const late = `${JSON.stringify({ id: 'late', ward: 'w9', text: 'after the bad line' })}\n`;
    writeFileSync(join(dir, 'big.jsonl'), Buffer.concat([Buffer.from(rows), Buffer.from([0xff, 0x0a]), Buffer.from(line(40_000)), Buffer.from(late)]));
    const csv = await runCli(['scan', 'big.jsonl', '--format', 'csv', '--no-progress'], { cwd: dir });
    expect(csv.code).toBe(2); // the skip
    const [header, ...lines] = csv.stdout.trimEnd().split('\n');
    expect(header!.split(',')).toContain('site');
    expect(header!.split(',')).toContain('ward'); // a key only after the bad line
    expect(lines.filter((l) => l.includes(',ok,'))).toHaveLength(40_002);
    const grouped = await runCli(['scan', 'big.jsonl', '--group-by', 'site', '--format', 'jsonl', '--no-progress'], { cwd: dir });
    expect(grouped.stderr).not.toMatch(/no input has/);
    // three sites, and the late line (no site) as a unit of its own
    expect(grouped.stdout.trim().split('\n').filter((l) => l.includes('"status":"ok"'))).toHaveLength(4);
  });

  it('finds the first byte that is not UTF-8 exactly where a strict decoder fails', () => {
    let seed = 3;
    const rand = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const pieces = [[0x61], [0xc3, 0xa9], [0xe2, 0x80, 0x99], [0xf0, 0x9f, 0x98, 0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe0, 0x80, 0x80], [0x80], [0xff], [0xe2, 0x80], [0xf0, 0x9f]];
    const strict = new TextDecoder('utf-8', { fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    for (let round = 0; round < 2000; round++) {
      const bytes = Uint8Array.from(Array.from({ length: 1 + rand(8) }, () => pieces[rand(round % 2 ? pieces.length : 4)]!).flat());
      // The first bad byte is where the longest prefix that decodes strictly ends.
      let longest = bytes.length;
      while (!valid(bytes.subarray(0, longest))) longest--;
      expect(firstInvalidUtf8(bytes), String(bytes)).toBe(longest);
    }
  });
});

describe('decodeBytes', () => {
  it('names the offset of the first bad byte, for surrogates and overlong forms too (the strict rule of the streamed reader)', () => {
    const prefix = Buffer.from('id,text\n1,ab');
    for (const bad of [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      const d = decodeBytes(Buffer.concat([prefix, Buffer.from(bad), Buffer.from('cd\n')]));
      expect('skip' in d && d.skip, String(bad)).toBe(`not valid UTF-8 (first bad byte at offset ${prefix.length}); convert it to UTF-8, or name its encoding with --encoding (windows-1252, latin1, utf-16le)`);
    }
    const withBom = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), prefix, Buffer.from([0xed, 0xa0, 0x80])]));
    expect('skip' in withBom && withBom.skip).toContain(`offset ${prefix.length + 3}`);
  });
});
