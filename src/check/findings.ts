/**
 * Matches -> findings, the unit of `harmlex check`: a located message with a severity, the entry
 * (rule) and its suggestion. Stigmatizing terms and antithetical framings are problems; principle
 * indicators and structural mentions are not (they appear only with `--all`, as `info`, and never
 * fail a run). Negated matches that do not count are not findings. Pure.
 */
import type { LexiconEntry, Match, Severity } from '../types.js';

export interface Finding {
  /** Path as shown (relative to the working directory, `/`-separated). */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
  entry: string;
  category: Match['category'];
  principle: Match['principle'];
  severity: Severity;
  /** A problem (stigma, antithetical) or only an indicator shown with --all. */
  problem: boolean;
  /** The matched text as written. */
  text: string;
  message: string;
  suggest: string[];
  /** The whole source line of the match (for snippets and the baseline fingerprint). */
  lineText: string;
}

export interface FindingOptions {
  file: string;
  /** The original (unmasked) text: lines come from here. */
  text: string;
  /** Include principle and structural indicators (`--all`). */
  all?: boolean;
}

const PROBLEM_CATEGORIES = new Set(['stigma', 'antithetical']);

export function messageFor(m: Pick<Match, 'category' | 'principle' | 'text'>): string {
  const quoted = JSON.stringify(m.text.replace(/\s+/g, ' '));
  switch (m.category) {
    case 'stigma':
      return `${quoted} is stigmatizing language`;
    case 'antithetical':
      return `${quoted} frames care against harm reduction`;
    case 'principle':
      return `${quoted} shows ${m.principle ?? 'a principle of relational harm reduction'}`;
    default:
      return `${quoted} names a structural harm reduction service`;
  }
}

/** "prefer ..." text for a finding, or an empty string. */
export function suggestionText(suggest: readonly string[]): string {
  return suggest.length ? `prefer ${suggest.map((s) => JSON.stringify(s)).join(' or ')}` : '';
}

function positionAfter(text: string, line: number, column: number, from: number, to: number): { endLine: number; endColumn: number } {
  let l = line;
  let c = column;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === 10) {
      l++;
      c = 1;
    } else c++;
  }
  return { endLine: l, endColumn: c };
}

export function findingsFromMatches(matches: readonly Match[], options: FindingOptions): Finding[] {
  const out: Finding[] = [];
  for (const m of matches) {
    if (!m.counted) continue;
    const problem = PROBLEM_CATEGORIES.has(m.category);
    if (!problem && !options.all) continue;
    const lineStart = options.text.lastIndexOf('\n', m.start - 1) + 1;
    let lineEnd = options.text.indexOf('\n', m.start);
    if (lineEnd === -1) lineEnd = options.text.length;
    out.push({
      file: options.file,
      line: m.line,
      column: m.column,
      ...positionAfter(options.text, m.line, m.column, m.start, m.end),
      start: m.start,
      end: m.end,
      entry: m.entry,
      category: m.category,
      principle: m.principle,
      severity: problem ? m.severity : 'info',
      problem,
      text: options.text.slice(m.start, m.end),
      message: messageFor({ ...m, text: options.text.slice(m.start, m.end) }),
      suggest: m.suggest,
      lineText: options.text.slice(lineStart, lineEnd).replace(/\r$/, ''),
    });
  }
  return out;
}

/** What a team accepts: an entry id or an exact phrase, each with a reason. */
export interface AllowRule {
  entry?: string;
  phrase?: string;
  reason: string;
}

const normalizePhrase = (s: string) => s.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim();

export function isAllowed(f: Pick<Finding, 'entry' | 'text'>, rules: readonly AllowRule[]): AllowRule | undefined {
  const phrase = normalizePhrase(f.text);
  return rules.find((r) => (r.entry !== undefined && r.entry === f.entry) || (r.phrase !== undefined && normalizePhrase(r.phrase) === phrase));
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0);
}

/** Entry -> the rule description for reports (SARIF rules, JSON). */
export interface RuleInfo {
  id: string;
  category: LexiconEntry['category'];
  principle?: string;
  severity: Severity;
  terms: string[];
  suggest: string[];
  note?: string;
  source?: string;
}

export function ruleInfo(e: LexiconEntry): RuleInfo {
  return {
    id: e.id,
    category: e.category,
    ...(e.principle ? { principle: e.principle } : {}),
    severity: e.severity,
    terms: [...e.terms, ...e.patterns.map((p) => `/${p}/`)],
    suggest: e.suggest,
    ...(e.note ? { note: e.note } : {}),
    ...(e.source ? { source: e.source } : {}),
  };
}
