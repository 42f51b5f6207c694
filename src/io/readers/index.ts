/**
 * The readers beyond plain text, by extension: `DOCUMENT_READERS`, what `scan` reads with. Nothing
 * is registered when this module is imported; a run passes the readers it uses (see `Readers`).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readRegularFile } from '../../bounded-read.js';
import { decodeTableBytes, transcodeToUtf8, type BadByte } from '../decode.js';
import { RAW_TEXT_READERS, STREAM_AT, textReader, type DocumentItem, type Readers, type ReadersName, type ReadOptions, type Reader, type StreamReader } from '../documents.js';
import { ChunkProblem, normalizeLineEnds, readTextChunks } from '../chunks.js';
import { extensionOf } from '../files.js';
import { jsonlFileChunks, jsonlMetaKeys, jsonlReader, jsonlText, streamJsonl } from './jsonl.js';
import { csvReader, readTable, tableMetaKeys, tableOptions, tsvReader, type TableOptions } from './table.js';

/** A reader whose module loads when a file of its kind is first read (a text-only run never loads the zip and WebVTT code). */
function onDemand(load: () => Promise<Reader>): Reader {
  let reader: Reader | undefined;
  return async function* (bytes, id, file, options) {
    reader ??= await load();
    yield* reader(bytes, id, file, options);
  };
}

const docxReader = onDemand(async () => (await import('./docx.js')).docxReader);
const vttReader = onDemand(async () => (await import('./vtt.js')).vttReader);

const BY_NAME: Record<string, Reader> = { txt: textReader, csv: csvReader, tsv: tsvReader, jsonl: jsonlReader, vtt: vttReader, docx: docxReader };

/** A large table, a chunk at a time: a byte that is not UTF-8 skips its row (see `readTable`). */
function streamTable(path: string, delimiter: string, file: string, options: ReadOptions): AsyncGenerator<DocumentItem> {
  const bad: BadByte[] = [];
  return readTable(normalizeLineEnds(readTextChunks(path, bad)), delimiter, file, tableOptions(options), bad);
}
const csvStream: StreamReader = (path, _id, file, options) => streamTable(path, ',', file, options);
const tsvStream: StreamReader = (path, _id, file, options) => streamTable(path, '\t', file, options);
const jsonlStream: StreamReader = (path, id, file, options) => streamJsonl(jsonlFileChunks(path), file, tableOptions(options), id);

/** What `scan` reads with: tables and JSONL as one document per row or line, WebVTT transcripts, Word files; any other file as text. */
export const DOCUMENT_READERS: Readers = {
  name: 'documents',
  whole: new Map<string, Reader>([
    ['csv', csvReader],
    ['tsv', tsvReader],
    ['tab', tsvReader],
    ['jsonl', jsonlReader],
    ['ndjson', jsonlReader],
    ['vtt', vttReader],
    ['docx', docxReader],
  ]),
  streamed: new Map<string, StreamReader>([
    ['csv', csvStream],
    ['tsv', tsvStream],
    ['tab', tsvStream],
    ['jsonl', jsonlStream],
    ['ndjson', jsonlStream],
  ]),
};

/** The readers of this name (a worker thread is told the name of its run's readers: functions do not cross threads). */
export function readersNamed(name: ReadersName): Readers {
  return name === 'documents' ? DOCUMENT_READERS : RAW_TEXT_READERS;
}

/** Formats for --stdin-format. */
export const STDIN_FORMATS = Object.keys(BY_NAME);

export function readerByName(name: string): Reader {
  const r = BY_NAME[name];
  if (!r) throw new Error(`unknown format ${name}`);
  return r;
}

/** Extensions whose files are one document per row/line, with metadata columns. */
const TABULAR: Record<string, 'csv' | 'tsv' | 'jsonl'> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', jsonl: 'jsonl', ndjson: 'jsonl' };

/** Is this file read as one document per row or line? */
export function isTabular(file: string): boolean {
  return Object.hasOwn(TABULAR, extensionOf(file));
}

/**
 * The metadata columns of tabular inputs, in order of first appearance, read before scanning so a
 * CSV report can write its header first. Files that cannot be read give none (they are reported
 * when they are read).
 */
export function tabularMetaKeys(files: readonly string[], options: ReadOptions): string[] {
  const keys = new Set<string>();
  const topts = tableOptions(options);
  for (const f of files) {
    const kind = TABULAR[extensionOf(f)];
    if (!kind) continue;
    let text: string;
    try {
      const size = statSync(f).size;
      if (size > options.maxFileSize) continue;
      if (kind === 'jsonl') {
        // Keys are gathered a chunk at a time, from the lines the reader reads (any size of file).
        for (const k of jsonlKeys(f, topts)) keys.add(k);
        continue;
      }
      if (size > STREAM_AT) {
        // A large export: a table's header is in its first chunk.
        for (const k of tableMetaKeys(firstChunk(f), kind === 'csv' ? ',' : '\t', topts)) keys.add(k);
        continue;
      }
      const d = decodeTableBytes(transcodeToUtf8(readRegularFile(f, options.maxFileSize), typeof options.encoding === 'string' ? options.encoding : undefined));
      // (A header that is not UTF-8 makes the file a skip: it gives no columns.)
      if ('skip' in d || d.bad?.[0]?.line === 1) continue;
      text = d.text;
    } catch {
      continue;
    }
    for (const k of tableMetaKeys(text, kind === 'csv' ? ',' : '\t', topts)) keys.add(k);
  }
  return [...keys];
}

/** Text enough to hold a table's header row, however many columns it has. */
const HEADER_TEXT = 1 << 20;

/** A large table's first MiB of text ('' when its first line is not UTF-8: the reader skips the file, so it has no columns). */
function firstChunk(file: string): string {
  const bad: BadByte[] = [];
  const parts: string[] = [];
  let length = 0;
  for (const chunk of normalizeLineEnds(readTextChunks(file, bad))) {
    parts.push(chunk);
    if ((length += chunk.length) >= HEADER_TEXT) break;
  }
  return bad[0]?.line === 1 ? '' : parts.join('');
}

/** JSONL keys of a file, read a chunk at a time; lines that are not UTF-8 (skipped by the reader) give none, and a binary file none. */
function jsonlKeys(file: string, options: TableOptions): string[] {
  const keys = new Set<string>();
  try {
    for (const text of jsonlText(jsonlFileChunks(file))) for (const k of jsonlMetaKeys(text, options)) keys.add(k);
  } catch (e) {
    if (!(e instanceof ChunkProblem)) throw e;
  }
  return [...keys];
}

/** Metadata keys of standard input read as a tabular format. */
export function textMetaKeys(text: string, format: string, options: ReadOptions): string[] {
  const topts = tableOptions(options);
  if (format === 'jsonl') return jsonlMetaKeys(text, topts);
  if (format === 'csv' || format === 'tsv') return tableMetaKeys(text, format === 'csv' ? ',' : '\t', topts);
  return [];
}

const CSV_OUTPUT_HEADER = /^\ufeff?id,status,reason,words,placement,continuum,/;
const JSONL_OUTPUT_LINE = /^\{"id":.*"status":"(?:ok|skipped)"/;

/**
 * Is this file harmlex's own results (CSV or JSONL output)? Results saved next to a corpus are not
 * documents: a folder scan leaves them out instead of reporting every line as a skipped input.
 */
export function isHarmlexOutput(file: string, anyName = false): boolean {
  const kind = TABULAR[extensionOf(file)];
  if (!kind && !anyName) return false;
  let head: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  if (!kind) return head === '' || JSONL_OUTPUT_LINE.test(head) || CSV_OUTPUT_HEADER.test(head) || head.startsWith('{\n  "tool": {\n    "name": "harmlex"');
  return kind === 'jsonl' ? JSONL_OUTPUT_LINE.test(head) : CSV_OUTPUT_HEADER.test(head);
}
