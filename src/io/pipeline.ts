/**
 * The scan pipeline: inputs -> documents -> analyze -> records, as an async stream in input order.
 * The CLI feeds records to a formatter as they come, so memory does not grow with the corpus.
 */
import { analyzeDocument, skippedResult, type AnalyzeOptions, type DocumentInput, type RecordResult } from '../analyze.js';
import type { CompiledLexicon } from '../lexicon/compile.js';
import { readFileTask, type DocumentItem, type ReadOptions, type ScanItem } from './documents.js';
import { formatRecord, getFormatter, type ReportContext, type ScanFormat } from '../report/index.js';
import type { Placement } from '../types.js';

/** Turns documents (and files still to be read) into records; in this thread, or on a worker pool for --jobs. */
export type Analyzer = (items: AsyncIterable<ScanItem>) => AsyncIterable<RecordResult>;

/**
 * How a worker writes its records itself, when nothing after the analysis needs them whole (no
 * --group-by, summaries or match files): the main thread then only writes text in order, and
 * does not copy every result and its matches from the worker to format it.
 */
export interface WorkerFormat {
  format: ScanFormat;
  ctx: ReportContext;
}

/** A record as its worker wrote it, with what the run's summary and messages need. */
export interface FormattedRecord {
  formatted: string;
  id: string;
  status: 'ok' | 'skipped';
  placement: Placement | null;
  matches: number;
  reason: string | null;
}

/** What the pool yields: records, or records already written (see `WorkerFormat`). */
export type AnalyzedRecord = RecordResult | FormattedRecord;

export function isFormatted(r: AnalyzedRecord): r is FormattedRecord {
  return 'formatted' in r;
}

/** Write a record as `how` says (for a worker; formatters that need a record's position are never given). */
export function formattedRecord(r: RecordResult, how: WorkerFormat): FormattedRecord {
  const { record, line } = formatRecord(getFormatter(how.format), r, how.ctx, -1);
  return {
    formatted: line,
    id: record.id,
    status: record.status,
    placement: record.status === 'ok' ? record.placement : null,
    matches: record.status === 'ok' ? record.matches.length : 0,
    reason: record.status === 'skipped' ? record.reason : null,
  };
}

export function analyzeItem(d: DocumentItem, compiled: CompiledLexicon, options: AnalyzeOptions): RecordResult {
  if (d.kind === 'skipped') return skippedResult(d);
  const { kind: _kind, ...doc } = d;
  return analyzeDocument(doc as DocumentInput, compiled, options);
}

/** The records of one item: a document gives one, a file as many as it holds. */
export async function* analyzeScanItem(item: ScanItem, compiled: CompiledLexicon, options: AnalyzeOptions, readOptions: ReadOptions): AsyncGenerator<RecordResult> {
  if (item.kind !== 'file') yield analyzeItem(item, compiled, options);
  else for await (const d of readFileTask(item, readOptions)) yield analyzeItem(d, compiled, options);
}

export function inThreadAnalyzer(compiled: CompiledLexicon, options: AnalyzeOptions, readOptions: ReadOptions): Analyzer {
  return async function* (items) {
    for await (const item of items) yield* analyzeScanItem(item, compiled, options, readOptions);
  };
}
