/**
 * One document in, one result out: scan, count words, score. Pure; the pipeline, the worker
 * threads and the tests all call this.
 */
import type { CompiledLexicon } from './lexicon/compile.js';
import { scanTextCounted } from './scan/scan.js';
import type { WordPass } from './scan/wordpass.js';
import { countWords } from './text/words.js';
import { prepareTurns, speakerKey, type SpeakerFilter, type Turn } from './text/speakers.js';
import { countEvidence, scoreEvidence } from './score/score.js';
import type { DocumentScores, Match, MetaFilter } from './types.js';

export interface DocumentInput {
  id: string;
  text: string;
  /** Metadata carried through to every output (CSV columns, path fields, ...). */
  meta?: Record<string, string>;
  /** Where the document came from (a file path, `stdin`, `notes.csv` row 12). */
  source?: string;
  /** 1-based line in the source file where the text starts (CSV cells); matches are shifted by it. */
  lineOffset?: number;
  /** Speaker turns found by the reader (WebVTT cues); otherwise labels in the text are looked for. */
  turns?: Turn[];
}

/** One speaker of a document: their words and scores; only `turns` when left out by the filter. */
export type SpeakerResult = { speaker: string | null; turns: number } & ({ excluded: true; words: number } | DocumentScores);

/** A match, with the turn it is in (transcripts) and, for a grouped unit, the document it is from. */
export type ResultMatch = Match & { speaker?: string | null; time?: string; document?: string };

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
  /** The speakers of a transcript, in order of first turn. */
  speakers?: SpeakerResult[];
  /** For a unit made by --group-by: the ids of its documents. */
  sources?: string[];
  /** Made with --no-context: the report and the REFI-QDA export read no document text for it unless told to. */
  no_context?: true;
  /** More matches than the cap: `matches` lists the first ones; scores count all `matches_total`. */
  truncated?: true;
  matches_total?: number;
  matches: ResultMatch[];
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
  /** Which metadata columns pass into the result (see io/meta.ts). */
  meta?: MetaFilter;
  /** Matches listed per document at most (default DEFAULT_MAX_MATCHES); the rest are counted, and the record says `truncated`. */
  maxMatches?: number;
  /** Which speakers' turns are scored, and the label pattern (a RegExp source; default: the lexicon's, else the built-in one). */
  speakers?: SpeakerFilter & { labelPattern?: string };
  /** Which implementation of the matcher's word pass runs (scan/wordpass.ts; the result is the same). */
  wordPass?: WordPass;
  /** Skip a lexicon pattern on a text without the words it needs (scan/pattern-filter.ts; default true; the result is the same). */
  patternFilter?: boolean;
  /** The built-in lexicon's patterns as the build checked and analysed them (CompiledLexicon.built; default true; the result is the same). */
  precomputed?: boolean;
}

/**
 * Matches listed per document at most: a 20 MB text where every word matches would otherwise hold
 * millions of match objects. Past it the record has `truncated: true` and `matches_total`; scores
 * and counts still count every match (speakers' scores only the listed ones).
 */
export const DEFAULT_MAX_MATCHES = 10_000;

export function analyzeDocument(doc: DocumentInput, compiled: CompiledLexicon, options: AnalyzeOptions = {}): DocumentResult {
  const pattern = options.speakers?.labelPattern ?? compiled.lexicon.settings.speakers?.label_pattern;
  const prepared = prepareTurns(doc.text, doc.turns, pattern, options.speakers);
  const text = prepared?.text ?? doc.text;
  const maxMatches = options.maxMatches ?? DEFAULT_MAX_MATCHES;
  const scanned = scanTextCounted(text, compiled, { context: !options.noContext, contextChars: options.contextChars ?? 50, maxMatches, ...(prepared ? { contextText: prepared.display } : {}), ...(options.wordPass ? { wordPass: options.wordPass } : {}), ...(options.patternFilter === false ? { patternFilter: false } : {}), ...(options.precomputed === false ? { precomputed: false } : {}) });
  const matches: ResultMatch[] = scanned.matches;
  const words = scanned.words;
  let speakers: SpeakerResult[] | undefined;
  if (prepared) {
    // Each match to its turn (both are in order of position).
    let t = 0;
    const turns = prepared.turns;
    for (const m of matches) {
      while (t < turns.length - 1 && m.start >= turns[t]!.end) t++;
      const turn = turns[t]!;
      if (m.start >= turn.start && m.start < turn.end) {
        m.speaker = turn.speaker;
        if (turn.time !== undefined) m.time = turn.time;
      } else m.speaker = null;
    }
    speakers = speakerResults(text, doc.text, turns, matches, compiled);
  }
  if (doc.lineOffset && doc.lineOffset > 1) for (const m of matches) m.line += doc.lineOffset - 1;
  const scores = scoreEvidence(countEvidence(matches, words, scanned.overflow), compiled.lexicon.settings.placement);
  const overflow = scanned.overflow?.reduce((n, t) => n + t.n, 0) ?? 0;
  return {
    id: doc.id,
    status: 'ok',
    ...(doc.source !== undefined ? { source: doc.source } : {}),
    ...(doc.meta ? { meta: doc.meta } : {}),
    ...scores,
    ...(speakers ? { speakers } : {}),
    ...(options.noContext ? { no_context: true as const } : {}),
    // Past the cap, matches are counted (scores are exact) but not listed.
    ...(overflow ? { truncated: true as const, matches_total: matches.length + overflow } : {}),
    matches,
  };
}

/** Per speaker (compared case-insensitively; the first spelling names them): words and scores of their kept turns. */
function speakerResults(text: string, original: string, turns: readonly (Turn & { kept: boolean })[], matches: readonly ResultMatch[], compiled: CompiledLexicon): SpeakerResult[] {
  const bySpeaker = new Map<string | null, { name: string | null; turns: number; words: number; kept: boolean }>();
  for (const turn of turns) {
    const key = turn.speaker === null ? null : speakerKey(turn.speaker);
    let s = bySpeaker.get(key);
    if (!s) bySpeaker.set(key, (s = { name: turn.speaker, turns: 0, words: 0, kept: turn.kept }));
    s.turns++;
    s.words += countWords((turn.kept ? text : original).slice(turn.start, turn.end));
  }
  return [...bySpeaker].map(([key, s]) => {
    if (!s.kept) return { speaker: s.name, turns: s.turns, excluded: true as const, words: s.words };
    const own = matches.filter((m) => (m.speaker == null ? null : speakerKey(m.speaker)) === key);
    return { speaker: s.name, turns: s.turns, ...scoreEvidence(countEvidence(own, s.words), compiled.lexicon.settings.placement) };
  });
}

export function skippedResult(s: SkippedInput): SkippedResult {
  return { id: s.id, status: 'skipped', reason: s.reason, ...(s.source !== undefined ? { source: s.source } : {}), ...(s.meta ? { meta: s.meta } : {}) };
}
