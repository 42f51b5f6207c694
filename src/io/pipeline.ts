/**
 * The scan pipeline: inputs -> documents -> analyze -> records, as an async stream in input order.
 * The CLI feeds records to a formatter as they come, so memory does not grow with the corpus.
 */
import { analyzeDocument, skippedResult, type AnalyzeOptions, type DocumentInput, type RecordResult } from '../analyze.js';
import type { CompiledLexicon } from '../lexicon/compile.js';
import { readFileTask, type DocumentItem, type ReadOptions, type ScanItem } from './documents.js';

/** Turns documents (and files still to be read) into records; in this thread, or on a worker pool for --jobs. */
export type Analyzer = (items: AsyncIterable<ScanItem>) => AsyncIterable<RecordResult>;

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
