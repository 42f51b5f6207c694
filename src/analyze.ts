/**
 * One document in, one result out: scan, count words, score. Pure; the pipeline, the worker
 * threads and the tests all call this.
 */
import type { CompiledLexicon } from './lexicon/compile.js';
import { scanText } from './scan/scan.js';
import { countWords } from './scan/text.js';
import { scoreMatches } from './score/score.js';
import type { DocumentScores, Match } from './types.js';

export interface DocumentInput {
  id: string;
  text: string;
  /** Metadata carried through to every output (CSV columns, path fields, ...). */
  meta?: Record<string, string>;
  /** Where the document came from (a file path, `stdin`, `notes.csv` row 12). */
  source?: string;
  /** 1-based line in the source file where the text starts (CSV cells); matches are shifted by it. */
  lineOffset?: number;
}

export interface SkippedInput {
  id: string;
  source?: string;
  reason: string;
  meta?: Record<string, string>;
}

export interface DocumentResult extends DocumentScores {
  id: string;
  status: 'ok';
  source?: string;
  meta?: Record<string, string>;
  matches: Match[];
}

export interface SkippedResult {
  id: string;
  status: 'skipped';
  reason: string;
  source?: string;
  meta?: Record<string, string>;
}

export type RecordResult = DocumentResult | SkippedResult;

export interface AnalyzeOptions {
  /** Keep document text out of every output: no context snippets, no matched text. */
  noContext?: boolean;
  contextChars?: number;
}

export function analyzeDocument(doc: DocumentInput, compiled: CompiledLexicon, options: AnalyzeOptions = {}): DocumentResult {
  const matches = scanText(doc.text, compiled, { context: !options.noContext, contextChars: options.contextChars ?? 50 });
  if (doc.lineOffset && doc.lineOffset > 1) for (const m of matches) m.line += doc.lineOffset - 1;
  const words = countWords(doc.text);
  const scores = scoreMatches(matches, words, compiled.lexicon.settings.placement);
  return {
    id: doc.id,
    status: 'ok',
    ...(doc.source !== undefined ? { source: doc.source } : {}),
    ...(doc.meta ? { meta: doc.meta } : {}),
    ...scores,
    matches,
  };
}

export function skippedResult(s: SkippedInput): SkippedResult {
  return { id: s.id, status: 'skipped', reason: s.reason, ...(s.source !== undefined ? { source: s.source } : {}), ...(s.meta ? { meta: s.meta } : {}) };
}
