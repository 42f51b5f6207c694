/**
 * Input files -> documents, as a stream. Each file is read by the reader that the run's `Readers`
 * give for its extension (plain text by default). Readers are a value passed in, never registered
 * when a module is imported: `check` reads raw text, `scan` tables, transcripts and Word files
 * (io/readers/index.ts), and neither changes what the other does in the same process.
 * Problems never stop the stream: they come out as skipped inputs with a reason.
 */
import { statSync } from 'node:fs';
import { DEFAULT_MAX_FILE_SIZE, formatBytes, readErrorReason } from '../bounded-read.js';
import { readWhole, type ReadAhead } from './read-file.js';
import { ChunkProblem } from './chunks.js';
import type { DocumentInput, SkippedInput } from '../analyze.js';
import { displayPath } from '../text/paths.js';
import { decodeBytes, transcodeToUtf8 } from './decode.js';
import { extensionOf, type InputFile } from './files.js';

export interface ReadOptions {
  cwd: string;
  /** Files larger than this many bytes are skipped. */
  maxFileSize: number;
  /** The id of the document read from standard input. */
  stdinId: string;
  /** Extra reader options, for readers that take them (columns, speakers, ...). */
  [key: string]: unknown;
}

export type DocumentItem = ({ kind: 'document' } & DocumentInput) | ({ kind: 'skipped' } & SkippedInput);

/** A reader turns the bytes of one file into documents (a text file is one; a CSV is many). */
export type Reader = (bytes: Uint8Array, id: string, file: string, options: ReadOptions) => Iterable<DocumentItem> | AsyncIterable<DocumentItem>;

export const textReader: Reader = function* (bytes, id, file) {
  const d = decodeBytes(bytes);
  if ('skip' in d) yield { kind: 'skipped', id, source: file, reason: d.skip };
  else yield { kind: 'document', id, source: file, text: d.text };
};

/** A reader of a file too large to hold (tables and JSONL), which it reads a chunk at a time (see io/chunks.ts). */
export type StreamReader = (path: string, id: string, file: string, options: ReadOptions) => AsyncIterable<DocumentItem>;

/** The names of the sets of readers, by which a worker thread finds the set its run uses. */
export type ReadersName = 'raw-text' | 'documents';

/**
 * How a run reads its files: a reader per extension (plain text for any other), and for some
 * extensions a stream reader for files over `STREAM_AT`. Extensions are lower case, without the dot.
 */
export interface Readers {
  readonly name: ReadersName;
  readonly whole: ReadonlyMap<string, Reader>;
  readonly streamed: ReadonlyMap<string, StreamReader>;
}

/** Every file as plain text: what `check` reads, where a line and column are those of the file. */
export const RAW_TEXT_READERS: Readers = { name: 'raw-text', whole: new Map(), streamed: new Map() };

/** Files over this size with a stream reader are read a chunk at a time (see io/chunks.ts). */
export const STREAM_AT = 8 * 1024 * 1024;

export function readerFor(readers: Readers, file: string): Reader {
  return readers.whole.get(extensionOf(file)) ?? textReader;
}

export { DEFAULT_MAX_FILE_SIZE, formatBytes };


/** Read one file into documents, or a skip. */
export async function* readFileDocuments(file: InputFile, options: ReadOptions, readers: Readers, readAhead?: ReadAhead): AsyncGenerator<DocumentItem> {
  const id = displayPath(file.path, options.cwd);
  if (file.problem) {
    yield { kind: 'skipped', id, source: id, reason: file.problem };
    return;
  }
  // A file in another encoding (--encoding) is read whole and made UTF-8 before its reader sees it.
  const transcode = typeof options.encoding === 'string' && options.encoding !== 'utf-8' ? options.encoding : undefined;
  const streamer = transcode === undefined ? readers.streamed.get(extensionOf(file.path)) : undefined;
  if (streamer) {
    let size = -1;
    try {
      size = statSync(file.path).size;
    } catch {
      // reported below, by the whole-file read
    }
    const streamAt = typeof options.streamAt === 'number' ? options.streamAt : STREAM_AT; // (tests set it lower)
    if (size > streamAt && size <= options.maxFileSize) {
      try {
        yield* streamer(file.path, id, id, options);
      } catch (e) {
        yield { kind: 'skipped', id, source: id, reason: e instanceof ChunkProblem ? e.message : readErrorReason(e) };
      }
      return;
    }
  }
  let bytes: Uint8Array;
  try {
    const read = readAhead ? readAhead.take(file.path, options.maxFileSize) : readWhole(file.path, options.maxFileSize);
    if (typeof read === 'number') {
      yield { kind: 'skipped', id, source: id, reason: `file is ${formatBytes(read)}, over --max-file-size ${formatBytes(options.maxFileSize)}` };
      return;
    }
    bytes = transcodeToUtf8(read, transcode);
  } catch (e) {
    yield { kind: 'skipped', id, source: id, reason: readErrorReason(e) };
    return;
  }
  try {
    yield* readerFor(readers, file.path)(bytes, id, id, options);
  } catch (e) {
    yield { kind: 'skipped', id, source: id, reason: `cannot read: ${(e as Error).message}` };
  }
}

/**
 * All of standard input, or the number of bytes read when it passed `max` (reading stops there:
 * `yes | harmlex scan -` ends instead of taking the machine's memory).
 */
export async function readStdinBounded(stdin: AsyncIterable<Uint8Array | string>, max: number): Promise<Buffer | number> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stdin) {
    const b = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    total += b.length;
    if (total > max) return total;
    chunks.push(b);
  }
  return Buffer.concat(chunks, total);
}

async function stdinDocuments(stdin: AsyncIterable<Uint8Array | string>, options: ReadOptions, reader: Reader): Promise<DocumentItem[]> {
  const read = await readStdinBounded(stdin, options.maxFileSize);
  if (typeof read === 'number') return [{ kind: 'skipped', id: options.stdinId, source: 'stdin', reason: `standard input is over --max-file-size ${formatBytes(options.maxFileSize)}; reading stopped there` }];
  if (read.length === 0) return [{ kind: 'skipped', id: options.stdinId, source: 'stdin', reason: 'standard input was empty' }];
  const docs: DocumentItem[] = [];
  for await (const d of reader(transcodeToUtf8(read, typeof options.encoding === 'string' ? options.encoding : undefined), options.stdinId, 'stdin', options)) docs.push(d);
  return docs;
}

/** Read all of standard input as one document (tabular readers take over with --stdin-format). */
export async function* readStdinDocuments(stdin: AsyncIterable<Uint8Array | string>, options: ReadOptions, reader: Reader = textReader): AsyncGenerator<DocumentItem> {
  // The documents first (the bytes are let go when stdinDocuments returns): a 100 MB standard input is not held twice while it is scanned.
  const docs = await stdinDocuments(stdin, options, reader);
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!;
    (docs as (DocumentItem | undefined)[])[i] = undefined;
    yield d;
  }
}

/**
 * A file to be read where it is analyzed (in a worker thread under --jobs), so reading and decoding
 * run in parallel too. `short` renames its documents (a file found in a folder outside the working
 * directory is named by its path inside that folder); `pathMeta` is metadata from --meta-from-path.
 */
export interface FileTask {
  kind: 'file';
  file: InputFile;
  full: string;
  short: string | null;
  pathMeta: Record<string, string> | null;
}

/** What the analyzers take: documents, or files still to be read. */
export type ScanItem = DocumentItem | FileTask;

/** The documents of a file task. */
export async function* readFileTask(task: FileTask, options: ReadOptions, readers: Readers, readAhead?: ReadAhead): AsyncGenerator<DocumentItem> {
  const { full, short, pathMeta } = task;
  for await (const item of readFileDocuments(task.file, options, readers, readAhead)) {
    let d = item;
    if (short !== null && (d.id === full || d.id.startsWith(`${full}:`) || d.id.startsWith(`${full}#`))) d = { ...d, id: short + d.id.slice(full.length) };
    yield pathMeta ? { ...d, meta: { ...pathMeta, ...d.meta } } : d;
  }
}
