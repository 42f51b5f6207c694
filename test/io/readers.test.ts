import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docxReader, docxText, documentXmlText } from '../../src/io/readers/docx.js';
import { jsonlMetaKeys, jsonlReader, jsonlText, streamJsonl } from '../../src/io/readers/jsonl.js';
import { csvReader, tableMetaKeys, tsvReader } from '../../src/io/readers/table.js';
import { parseVtt, vttReader } from '../../src/io/readers/vtt.js';
import type { DocumentItem, ReadOptions, Reader } from '../../src/io/documents.js';
import { makeDocx, makeZip, para } from './docx-helper.js';

const opts: ReadOptions = { cwd: '/', maxFileSize: 1e8, stdinId: 'stdin' };

async function read(reader: Reader, data: string | Uint8Array, file = 'f', extra: Partial<ReadOptions> = {}): Promise<DocumentItem[]> {
  const out: DocumentItem[] = [];
  for await (const d of reader(typeof data === 'string' ? Buffer.from(data) : data, file, file, { ...opts, ...extra })) out.push(d);
  return out;
}

const docs = (items: DocumentItem[]) => items.filter((d) => d.kind === 'document') as Extract<DocumentItem, { kind: 'document' }>[];
const skips = (items: DocumentItem[]) => items.filter((d) => d.kind === 'skipped') as Extract<DocumentItem, { kind: 'skipped' }>[];

describe('CSV', () => {
  const csv = 'note_id,unit,text\n1,ED,"Pt is an addict.\nClaims pain."\n2,ICU,"Fine."\n3,ED,"broken "row, here"\n4,ICU,"No concerns, ""today""."\n';

  it('one document per row, id and metadata columns, the file line where the text starts', async () => {
    const items = await read(csvReader, csv, 'notes.csv', { idColumn: 'note_id' });
    const d = docs(items);
    expect(d.map((x) => x.id)).toEqual(['1', '2', '4']);
    expect(d[0]).toMatchObject({ text: 'Pt is an addict.\nClaims pain.', meta: { unit: 'ED' }, lineOffset: 2, source: 'notes.csv:2' });
    expect(d[2]!.text).toBe('No concerns, "today".');
    expect(d[2]!.lineOffset).toBe(6);
  });

  it('a malformed row is a skip naming file and line, and the rows after it are read', async () => {
    const items = await read(csvReader, csv, 'notes.csv', { idColumn: 'note_id' });
    expect(items.map((i) => i.id)).toEqual(['1', '2', 'notes.csv:5', '4']);
    expect(skips(items)[0]!.reason).toMatch(/^line 5: malformed row/);
  });

  it('a quote never closed: the row is skipped and the rows it swallowed are read again', async () => {
    const items = await read(csvReader, 'id,text\n1,"unclosed here\n2,good one\n3,"also good"\n', 'u.csv');
    expect(items.map((i) => `${i.kind}:${i.id}`)).toEqual(['skipped:u.csv:2', 'document:2', 'document:3']);
    expect(skips(items)[0]!.reason).toMatch(/stray quote.*lines 3-4.*read again/);
    expect(docs(items)[1]!.lineOffset).toBe(4);
  });

  it('a quote never closed to the end of the file: the rows after it are still read', async () => {
    const items = await read(csvReader, 'id,text\n1,ok\n2,"unclosed\n3,good\n4,fine\n', 'u.csv');
    expect(items.map((i) => `${i.kind}:${i.id}`)).toEqual(['document:1', 'skipped:u.csv:3', 'document:3', 'document:4']);
    expect(skips(items)[0]!.reason).toMatch(/never closed/);
  });

  it('BOM, CRLF, ids from row numbers, a column found ignoring case', async () => {
    const items = await read(csvReader, '\ufeffTEXT,site\r\n"a\r\nb",X\r\nc,Y', 'x.csv');
    expect(docs(items).map((d) => [d.id, d.text, d.meta?.site, d.lineOffset])).toEqual([
      ['x.csv#1', 'a\nb', 'X', 2],
      ['x.csv#2', 'c', 'Y', 4],
    ]);
  });

  it('no text column: the file is skipped with the columns it has', async () => {
    const s = skips(await read(csvReader, 'a,b\n1,2\n', 'x.csv'));
    expect(s[0]!.reason).toMatch(/no column "text" \(columns: a, b\)/);
  });

  it('a "__proto__" column stays a column', async () => {
    const d = docs(await read(csvReader, 'text,__proto__\nhi,x\n'))[0]!;
    expect(Object.getPrototypeOf(d.meta)).toBe(Object.prototype);
    expect(Object.keys(d.meta!)).toEqual(['__proto__']);
  });

  it('TSV, and the metadata keys of a header', async () => {
    expect(docs(await read(tsvReader, 'id\ttext\tauthor\n7\thello\tKim\n'))[0]).toMatchObject({ id: '7', text: 'hello', meta: { author: 'Kim' } });
    expect(tableMetaKeys('note_id,unit,text,date\n', ',', { textColumn: 'text', idColumn: 'note_id' })).toEqual(['unit', 'date']);
  });

  it('reads the shipped fixture', async () => {
    const items = await read(csvReader, readFileSync('fixtures/inputs/notes.csv'), 'notes.csv', { idColumn: 'note_id' });
    expect(docs(items).map((d) => d.id)).toEqual(['101', '102', '104']);
    expect(skips(items).map((s) => s.id)).toEqual(['notes.csv:5']);
    expect(docs(items)[0]!.meta).toEqual({ author: 'RN Adams', unit: 'ED', date: '2024-03-02' });
  });
});

describe('JSONL', () => {
  it('documents, metadata as text, bad lines skipped with their line', async () => {
    const text = '{"id":1,"text":"a","site":"X","n":2,"tags":["a"]}\n\nnot json\n{"body":"x"}\n{"text":"b"}\n';
    const items = await read(jsonlReader, text, 'n.jsonl');
    expect(items.map((i) => i.id)).toEqual(['1', 'n.jsonl:3', 'n.jsonl:4', 'n.jsonl#4']);
    expect(docs(items)[0]!.meta).toEqual({ site: 'X', n: '2', tags: '["a"]' });
    expect(skips(items)[1]!.reason).toMatch(/^line 4: no "text" field \(fields: body\)/);
    expect(jsonlMetaKeys(text, { textColumn: 'text', idColumn: 'id' })).toEqual(['site', 'n', 'tags']);
  });

  it('a line that is not UTF-8 is one skip naming it; the lines around it are read (a BOM, CRLF and UTF-16 too)', async () => {
    const bytes = Buffer.concat([Buffer.from('\ufeff{"id":"a","text":"first"}\r\n{"id":"b","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}\r\n{"id":"c","text":"third"}')]);
    const items = await read(jsonlReader, bytes, 'n.jsonl');
    expect(items.map((i) => [i.kind, i.id])).toEqual([['document', 'a'], ['skipped', 'n.jsonl:2'], ['document', 'c']]);
    expect(skips(items)[0]!.reason).toBe('line 2: not valid UTF-8; convert the input to UTF-8, or name its encoding with --encoding (windows-1252, latin1, utf-16le)');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"id":"u","text":"sixteen"}\n', 'utf16le')]);
    expect(docs(await read(jsonlReader, utf16, 'u.jsonl')).map((d) => d.text)).toEqual(['sixteen']);
  });

  it('the metadata-key scan sees the lines the reader reads, however the bytes are cut into chunks', async () => {
    const bytes = Buffer.concat([
      Buffer.from('\ufeff{"id":"a","text":"x","site":"é"}\n{"id":"b","text":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('","bad":1}\n\n{"id":"c","text":"z","unit":"u"}'),
    ]);
    const topts = { textColumn: 'text', idColumn: 'id' };
    for (const cut of [1, 7, 30, 41, 42, 43, bytes.length]) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)].filter((c) => c.length);
      const keys = [...jsonlText(chunks)].flatMap((t) => jsonlMetaKeys(t, topts));
      expect([...new Set(keys)], `cut at ${cut}`).toEqual(['site', 'unit']); // not "bad": its line is not UTF-8
      const read: DocumentItem[] = [];
      for await (const d of streamJsonl(chunks, 'n.jsonl', topts)) read.push(d);
      expect(read.map((d) => [d.kind, d.id]), `cut at ${cut}`).toEqual([['document', 'a'], ['skipped', 'n.jsonl:2'], ['document', 'c']]);
    }
    expect([...jsonlText([Buffer.from('{"id":"a","text":"x","k":1}\n\u0000')])]).toEqual([]); // binary: no keys, as no documents
  });

  it('a binary, empty or blank file is one skip with its reason', async () => {
    expect(skips(await read(jsonlReader, Buffer.from([0x7b, 0x00, 0x7d, 0x0a]), 'b.jsonl')).map((s) => s.reason)).toEqual(['binary file (contains NUL bytes)']);
    expect(skips(await read(jsonlReader, '', 'e.jsonl')).map((s) => s.reason)).toEqual(['empty file']);
    expect(skips(await read(jsonlReader, ' \n\n', 'w.jsonl')).map((s) => [s.id, s.reason])).toEqual([['w.jsonl', 'no text (only white space)']]);
  });
});

describe('WebVTT', () => {
  const vtt = 'WEBVTT\n\nNOTE exported\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>Tell me.</v>\n\n2\n00:05.500 --> 00:09.000 align:start\nNurse Kim: Half of them &amp; more.\n';

  it('keeps cue text at its place in the file, with speakers and times', () => {
    const p = parseVtt(vtt)!;
    expect(p.text.length).toBe(vtt.length);
    expect(p.text.indexOf('Tell me.')).toBe(vtt.indexOf('Tell me.'));
    expect(p.text).not.toMatch(/WEBVTT|-->|exported|<v/);
    expect(p.turns.map((t) => [t.speaker, t.time, p.text.slice(t.start, t.end).trim()])).toEqual([
      ['Interviewer', '00:00:01.000', 'Tell me.'],
      ['Nurse Kim', '00:00:05.500', 'Half of them &     more.'],
    ]);
  });

  it('a broken cue is a skip with its line; the other cues are read', async () => {
    const items = await read(vttReader, 'WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nlost\n\n00:00:03.000 --> 00:00:04.000\nP: kept\n', 'z.vtt');
    expect(items.map((i) => `${i.kind}:${i.id}`)).toEqual(['skipped:z.vtt:3', 'document:z.vtt']);
    expect(skips(items)[0]!.reason).toMatch(/timing not understood/);
    expect(docs(items)[0]!.text).not.toMatch(/lost/);
  });

  it('not a WebVTT file, or no cues: skipped', async () => {
    expect(skips(await read(vttReader, 'hello\n'))[0]!.reason).toMatch(/not a WebVTT file/);
    expect(skips(await read(vttReader, 'WEBVTT\n'))[0]!.reason).toBe('no cues');
  });
});

describe('.docx', () => {
  it('one line per paragraph; tabs kept; deleted text and field codes left out', () => {
    const xml = `<w:document><w:body>${para('I: one\ttwo')}<w:p><w:r><w:instrText>PAGE</w:instrText></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>P: a &amp; b</w:t></w:r><w:r><w:br/><w:t>next</w:t></w:r></w:p></w:body></w:document>`;
    expect(documentXmlText(xml)).toBe('I: one\ttwo\nP: a & b\nnext\n');
  });

  it('reads stored and deflated archives', async () => {
    for (const deflate of [true, false]) {
      const d = docs(await read(docxReader, makeDocx([para('Interviewer: hi'), para('P: we meet people where they are')], deflate)));
      expect(d[0]!.text).toBe('Interviewer: hi\nP: we meet people where they are\n');
    }
  });

  it('not a zip, a zip without a document, an old .doc, a cut-short archive: skipped with a reason', () => {
    expect(docxText(Buffer.from('plain text'), 1e6)).toEqual({ skip: 'not a Word .docx file (not a zip archive)' });
    expect(docxText(makeZip([{ name: 'a.txt', data: 'x' }]), 1e6)).toMatchObject({ skip: expect.stringMatching(/without word\/document.xml/) });
    expect(docxText(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 1e6)).toMatchObject({ skip: expect.stringMatching(/old binary .doc/) });
    const whole = makeDocx([para('hi')]);
    expect(docxText(whole.subarray(0, whole.length - 30), 1e6)).toMatchObject({ skip: expect.stringMatching(/not a readable .docx/) });
  });

  it('refuses to expand an entry over the size limit', () => {
    const big = makeZip([{ name: 'word/document.xml', data: 'x'.repeat(100000) }]);
    expect(docxText(big, 1000)).toMatchObject({ skip: expect.stringMatching(/over the limit/) });
  });
});
