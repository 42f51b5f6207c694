/**
 * The scan pipeline: inputs -> documents -> analyze -> records, as an async stream in input order.
 * The CLI feeds records to a formatter as they come, so memory does not grow with the corpus.
 */
import { analyzeDocument, skippedResult, type AnalyzeOptions, type DocumentInput, type RecordResult } from '../analyze.js';
import type { CompiledLexicon } from '../lexicon/compile.js';
import type { DocumentItem } from './documents.js';

/** Turns documents into records; the in-thread default, replaced by a worker pool for --jobs > 1. */
export type Analyzer = (docs: AsyncIterable<DocumentItem>) => AsyncIterable<RecordResult>;

export function inThreadAnalyzer(compiled: CompiledLexicon, options: AnalyzeOptions): Analyzer {
  return async function* (docs) {
    for await (const d of docs) {
      if (d.kind === 'skipped') yield skippedResult(d);
      else {
        const { kind: _k, ...doc } = d;
        yield analyzeDocument(doc as DocumentInput, compiled, options);
      }
    }
  };
}
