/**
 * The scan pipeline: inputs -> documents -> analyze -> records, as an async stream in input order.
 * The CLI feeds records to a formatter as they come, so memory does not grow with the corpus.
 */
import { analyzeDocument, skippedResult, type AnalyzeOptions, type DocumentInput, type RecordResult } from '../analyze.js';
import type { CompiledLexicon } from '../lexicon/compile.js';
import { readFileTask, type DocumentItem, type Readers, type ReadOptions, type ScanItem } from './documents.js';
import type { ReadAhead } from './read-file.js';
import type { Placement } from '../types.js';
import { filterMeta } from './meta.js';

/** Turns documents (and files still to be read) into records; in this thread, or on a worker pool for --jobs. */
export type Analyzer = (items: AsyncIterable<ScanItem>) => AsyncIterable<RecordResult>;

/**
 * How a worker writes its records itself, when nothing after the analysis needs them whole (no
 * --group-by, summaries or match files): the main thread then only writes text in order, and
 * does not copy every result and its matches from the worker to format it. Data only (it crosses
 * to the worker thread): a format's name and its report context, which the writer the worker's
 * entry script injects understands (see `RecordWriter`); io/ knows no formatter.
 */
export interface WorkerFormat {
  format: string;
  ctx: unknown;
}

/** Writes one record as `how` says: the record as written (a formatter may trim it) and its text. */
export type RecordWriter = (r: RecordResult, how: WorkerFormat) => { record: RecordResult; line: string };

/** What the run's summary and messages need of a record. */
export interface RecordBrief {
  id: string;
  status: 'ok' | 'skipped';
  placement: Placement | null;
  matches: number;
  reason: string | null;
  /** The speaker labels of a transcript (null: not one), for the run's speaker checks. */
  speakers?: string[] | null;
}

export function briefOf(r: RecordResult): RecordBrief {
  return r.status === 'ok'
    ? { id: r.id, status: 'ok', placement: r.placement, matches: r.matches.length, reason: null, speakers: r.speakers ? r.speakers.flatMap((s) => (s.speaker === null ? [] : [s.speaker])) : null }
    : { id: r.id, status: 'skipped', placement: null, matches: 0, reason: r.reason };
}

/** A record as its worker wrote it, with its brief. */
export interface FormattedRecord extends RecordBrief {
  formatted: string;
}

/** What the pool yields: records, or records already written (see `WorkerFormat`). */
export type AnalyzedRecord = RecordResult | FormattedRecord;

export function isFormatted(r: AnalyzedRecord): r is FormattedRecord {
  return 'formatted' in r;
}

/** Write a record as `how` says (for a worker; formatters that need a record's position are never given). */
export function formattedRecord(r: RecordResult, how: WorkerFormat, write: RecordWriter): FormattedRecord {
  const { record, line } = write(r, how);
  return { formatted: line, ...briefOf(record) };
}

export function analyzeItem(item: DocumentItem, compiled: CompiledLexicon, options: AnalyzeOptions): RecordResult {
  const d = options.meta && item.meta ? { ...item, meta: filterMeta(item.meta, options.meta) } : item;
  if (d.kind === 'skipped') return skippedResult(d);
  const { kind: _kind, ...doc } = d;
  return analyzeDocument(doc as DocumentInput, compiled, options);
}

/** The records of one item: a document gives one, a file as many as it holds. */
export async function* analyzeScanItem(item: ScanItem, compiled: CompiledLexicon, options: AnalyzeOptions, readOptions: ReadOptions, readers: Readers, readAhead?: ReadAhead): AsyncGenerator<RecordResult> {
  if (item.kind !== 'file') yield analyzeItem(item, compiled, options);
  else for await (const d of readFileTask(item, readOptions, readers, readAhead)) yield analyzeItem(d, compiled, options);
}

/** `readAhead`: files are read ahead on a helper thread (see `withReadAhead`). */
export function inThreadAnalyzer(compiled: CompiledLexicon, options: AnalyzeOptions, readOptions: ReadOptions, readers: Readers, readAhead?: ReadAhead): Analyzer {
  return async function* (items) {
    for await (const item of items) yield* analyzeScanItem(item, compiled, options, readOptions, readers, readAhead);
  };
}

/** Items taken ahead of the one being analyzed (refilled when half are used). */
const LOOKAHEAD = 256;
/**
 * Files read here before the helper is asked for any: starting it costs about 45 ms of a run (a
 * thread, its memory) and saves some 30 µs a file, so a run of fewer files does better without it.
 */
const READ_HERE_FIRST = 512;

/**
 * The same items, taken ahead of use so that the files among them are asked of `readAhead`'s helper
 * thread before they are analyzed. A run of a few files never starts the helper. Not for standard
 * input: taking its lines ahead would hold back records a pipeline waits for.
 */
export async function* withReadAhead(items: AsyncIterable<ScanItem>, readAhead: ReadAhead, maxFileSize: number, stop: () => boolean = () => false): AsyncGenerator<ScanItem> {
  const iterator = items[Symbol.asyncIterator]();
  const ahead: ScanItem[] = [];
  let head = 0;
  let done = false;
  let files = 0;
  for (;;) {
    if (!done && ahead.length - head < LOOKAHEAD / 2) {
      ahead.splice(0, head);
      head = 0;
      while (!done && ahead.length < LOOKAHEAD) {
        const next = await iterator.next();
        if (next.done) done = true;
        else {
          const item = next.value;
          ahead.push(item);
          // Only files are taken ahead: rows of an export would be held (and the text they were cut from) for nothing.
          if (item.kind !== 'file') break;
          if (!item.file.problem && ++files > READ_HERE_FIRST && !stop()) readAhead.request(item.file.path, maxFileSize);
        }
      }
      readAhead.flush();
    }
    if (head === ahead.length) return;
    yield ahead[head++]!;
  }
}
