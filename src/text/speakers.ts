/**
 * Speaker turns in transcripts: "Interviewer: ...", "P: ...", "[00:01:02] Dr. Lee: ...".
 * Pure string work (no fs): the analyzer calls it for every document.
 *
 * Offsets never move. Labels are blanked with spaces (their colons kept, so a phrase or a negation
 * never runs from one turn into the next), and turns left out by --speaker / --exclude-speaker are
 * blanked too, so their words are not counted, their terms are not matched and their text never
 * appears in a context snippet. Line breaks are kept, so lines and columns stay those of the input.
 */
import { LinearRegex } from './linear-regex.js';

export interface Turn {
  /** The speaker's name as written in the label; null for text before the first label. */
  speaker: string | null;
  /** The turn's content, [start, end) in the document text, after its label. */
  start: number;
  end: number;
  /** Start time of the cue (WebVTT), `hh:mm:ss.mmm`. */
  time?: string;
  /** A title before the first label (one or two short lines): not a turn anyone spoke, never scored. */
  title?: boolean;
}

export interface SpeakerFilter {
  /** Keep only these speakers' turns (case-insensitive). */
  include?: readonly string[];
  /** Leave these speakers' turns out (case-insensitive). */
  exclude?: readonly string[];
}

/**
 * The default label, at a line start: an optional timestamp (`[00:01:02]`, `00:01`, `(1:02:03.5)`),
 * then a name of one to four words, the first starting with a capital letter (`I`, `P`, `HCW`,
 * `Interviewer`, `INTERVIEWER`, `Participant 3`, `Dr. Lee`, `Nurse Kim`), optionally with a Zoom
 * display name's part in parentheses (`Jordan (P10)`), or one lower-case letter with optional
 * digits (`i`, `p`, `p2`), optionally in square brackets or markdown bold, then a colon and a space.
 * Or, as Otter and Teams write it, a name alone on its line with the time after it (`Sarah Kim  0:03`),
 * the turn on the lines below. Group 1 is the name.
 */
export const DEFAULT_LABEL_PATTERN =
  "^[ \\t]*(?:[\\[(]?\\d{1,2}:\\d{2}(?::\\d{2})?(?:[.,]\\d{1,3})?[\\])]?[ \\t]+)?(?:\\*\\*)?\\[?" +
  "((?:[A-Z][A-Za-z0-9.'\u2019-]{0,30}(?:[ \\t][A-Z0-9][A-Za-z0-9.'\u2019-]{0,30}){0,3}(?:[ \\t]\\([A-Za-z0-9 .'\u2019-]{1,30}\\))?|[a-z]\\d{0,2}))" +
  "(?:\\]?(?:\\*\\*)?[ \\t]*:(?:\\*\\*)?(?=[ \\t]|$)|[ \\t]+\\d{1,2}:\\d{2}(?::\\d{2})?[ \\t]*$)";

/**
 * Labels the default pattern would take for speakers but that are section headings of clinical
 * notes and documents ("Plan: ...", "Assessment: ..."). Lower case.
 */
const HEADINGS = new Set(
  [
    'note', 'notes', 'plan', 'assessment', 'assessment and plan', 'hpi', 'cc', 'ros', 'pmh', 'psh', 'subjective', 'objective',
    'impression', 'diagnosis', 'diagnoses', 'dx', 'allergies', 'medications', 'meds', 'history', 'social history', 'family history',
    'vitals', 'labs', 'exam', 'physical exam', 'disposition', 'dispo', 'follow up', 'follow-up', 'recommendations', 'summary',
    'reason for visit', 'chief complaint', 'interventions', 'intervention', 'goals', 'goal', 'response', 'comment', 'comments',
    'date', 'time', 're', 'subject', 'to', 'from', 'ps', 'nb', 'n.b.', 'update', 'addendum', 'title', 'location', 'setting',
    'duration', 'source', 'keywords', 'status', 'result', 'results', 'problem', 'problems', 'pain', 'mood', 'affect',
    'example', 'http', 'https', 'warning', 'important', 'edit', 'edited',
  ],
);

const compiled = new Map<string, LinearRegex>();

/**
 * A user's label pattern, multi-line, on the linear-time engine (memoized by source): a label
 * pattern from a lexicon, a config or --speaker-pattern cannot hang a run. (The built-in pattern,
 * a constant of ours, runs on RegExp, only at the start of lines that hold a colon.)
 */
export function labelRegExp(source: string): LinearRegex {
  let re = compiled.get(source);
  if (!re) {
    re = LinearRegex.compile(source, { multiline: true });
    compiled.set(source, re);
  }
  return re;
}

/** "Dr. Lee " / "DR LEE" -> "dr lee": the key speaker names are compared by (case, periods and spacing ignored). */
export function speakerKey(name: string): string {
  return name.replace(/[.:]/g, ' ').trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface Label {
  start: number;
  end: number;
  speaker: string;
}

/** Every speaker label in the text, in order. */
export function findLabels(text: string, pattern?: string): Label[] {
  const source = pattern ?? DEFAULT_LABEL_PATTERN;
  const out: Label[] = [];
  const take = (m: RegExpExecArray): void => {
    const name = (m.groups?.speaker ?? m[1] ?? '').trim();
    if (!name) return;
    if (HEADINGS.has(speakerKey(name))) return;
    out.push({ start: m.index, end: m.index + m[0].length, speaker: name });
  };
  if (source === DEFAULT_LABEL_PATTERN) {
    // The default label is one line that starts at a line start and holds a colon: only lines with a
    // colon are tried (most lines of most documents have none, and the search for a colon is native).
    const re = defaultLabelAtLineStart;
    let colon = text.indexOf(':');
    while (colon !== -1) {
      const lineStart = lineStartBefore(text, colon);
      re.lastIndex = lineStart;
      const m = re.exec(text);
      if (m !== null && m[0].length > 0) take(m);
      const lineEnd = lineEndAfter(text, colon);
      colon = lineEnd === -1 ? -1 : text.indexOf(':', lineEnd);
    }
    return out;
  }
  for (const m of labelRegExp(source).matchAll(text)) {
    const name = (m.named.speaker ?? m.groups[1] ?? '').trim();
    if (name) out.push({ start: m.index, end: m.end, speaker: name });
  }
  return out;
}

/** The default pattern, tried at one position (sticky); `m` keeps its `^` true after any line terminator. */
const defaultLabelAtLineStart = new RegExp(DEFAULT_LABEL_PATTERN, 'my');

/** Where `^` (multi-line) last matches at or before `i`: after \n, \r, U+2028 or U+2029, or 0. */
function lineStartBefore(text: string, i: number): number {
  for (let j = i - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return j + 1;
  }
  return 0;
}

/** The first line terminator after `i`, or -1. */
function lineEndAfter(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return j;
  }
  return -1;
}

/** Text before the first label of at most this many characters, on one or two lines, is a title, not a turn. */
const TITLE_MAX_CHARS = 200;

function isTitle(before: string): boolean {
  const lines = before.split(/\r\n|[\n\r\u2028\u2029]/).filter((l) => /\S/.test(l));
  return lines.length <= 2 && before.trim().length <= TITLE_MAX_CHARS;
}

/**
 * Do these labels make a transcript? Only labels that recur as turns do (a speaker with two turns
 * or more: I, P, I...). A line of prose that starts like a label (`Remember:`, `NOTICE:`, `Crime:`)
 * does not, nor do two such lines of different words. (With --speaker, --exclude-speaker or a
 * label pattern of one's own, every label counts: see prepareTurns.)
 */
export function looksLikeTranscript(labels: readonly Label[]): boolean {
  if (labels.length < 2) return false;
  const seen = new Set<string>();
  for (const l of labels) {
    const k = speakerKey(l.speaker);
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}

/** Split a text at its labels. No labels: null (the document is one turn). */
export function splitTurns(text: string, pattern?: string): { turns: Turn[]; labels: Label[] } | null {
  const labels = findLabels(text, pattern);
  if (labels.length === 0) return null;
  const turns: Turn[] = [];
  const before = text.slice(0, labels[0]!.start);
  if (/\S/.test(before)) turns.push({ speaker: null, start: 0, end: labels[0]!.start, ...(isTitle(before) ? { title: true } : {}) });
  labels.forEach((l, i) => turns.push({ speaker: l.speaker, start: l.end, end: i + 1 < labels.length ? labels[i + 1]!.start : text.length }));
  return { turns, labels };
}

/**
 * The keys a speaker answers to: the whole label, and for a display name with a part in
 * parentheses (`Jordan (P10)`) each part (`jordan`, `p10`).
 */
export function speakerKeys(speaker: string): string[] {
  const key = speakerKey(speaker);
  const m = /^(.*?)\s*\(([^()]*)\)$/.exec(key);
  return m ? [key, ...[m[1]!, m[2]!].map((s) => s.trim()).filter(Boolean)] : [key];
}

/** Does the name given in --speaker / --exclude-speaker name this speaker? */
export function namesSpeaker(name: string, speaker: string): boolean {
  const k = speakerKey(name);
  return speakerKeys(speaker).includes(k);
}

/** Is this turn kept by the filter? Text before the first label has no speaker: only --speaker drops it. */
export function keepsTurn(speaker: string | null, filter: SpeakerFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.include?.length && (speaker === null || !filter.include.some((n) => namesSpeaker(n, speaker)))) return false;
  if (filter.exclude?.length && speaker !== null && filter.exclude.some((n) => namesSpeaker(n, speaker))) return false;
  return true;
}

const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
const blankLabel = (s: string) => {
  const b = s.replace(/[^\r\n:]/g, ' ');
  // A label without a colon (a voice tag, a custom pattern) still ends a phrase: its first character becomes one.
  return /:/.test(b) || b.length === 0 ? b : `:${b.slice(1)}`;
};

/** Blank ranges of `text` (sorted, not overlapping); `label` ranges keep their colons. */
export function maskRanges(text: string, ranges: readonly { start: number; end: number; label?: boolean }[]): string {
  if (ranges.length === 0) return text;
  const parts: string[] = [];
  let pos = 0;
  for (const r of ranges) {
    if (r.start < pos) continue;
    parts.push(text.slice(pos, r.start));
    const s = text.slice(r.start, r.end);
    parts.push(r.label ? blankLabel(s) : blank(s));
    pos = r.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

export interface PreparedTurns {
  /** The text to scan: labels and left-out turns blanked. */
  text: string;
  /**
   * The text context snippets are cut from: left-out turns blanked, labels kept, so evidence reads
   * as the transcript does ("HCW: No. We meet people where they are") and not as the scanned text
   * with its blanked labels (": : : No."). Same offsets.
   */
  display: string;
  /** All turns, in order, each with whether it is kept. */
  turns: (Turn & { kept: boolean })[];
}

/**
 * Find the turns of a document (or take the reader's) and blank what is not to be scored.
 * Returns null when the document has no speaker labels and no turns from its reader.
 */
export function prepareTurns(text: string, given: readonly Turn[] | undefined, pattern: string | undefined, filter: SpeakerFilter | undefined): PreparedTurns | null {
  let turns: readonly Turn[];
  let labels: readonly Label[] = [];
  if (given?.length) turns = given;
  else {
    const split = splitTurns(text, pattern);
    if (!split) return null;
    // Asked for speakers (a filter, a pattern of one's own): every label counts. Else only labels
    // that make a transcript do (see looksLikeTranscript).
    const asked = pattern !== undefined || Boolean(filter?.include?.length || filter?.exclude?.length);
    if (!asked && !looksLikeTranscript(split.labels)) return null;
    turns = split.turns;
    labels = split.labels;
  }
  const marked = turns.map((t) => ({ ...t, kept: !t.title && keepsTurn(t.speaker, filter) }));
  const ranges: { start: number; end: number; label?: boolean }[] = [
    ...labels.map((l) => ({ start: l.start, end: l.end, label: true })),
    ...marked.filter((t) => !t.kept).map((t) => ({ start: t.start, end: t.end })),
  ].sort((a, b) => a.start - b.start);
  const leftOut = marked.filter((t) => !t.kept);
  return { text: maskRanges(text, ranges), display: leftOut.length ? maskRanges(text, leftOut) : text, turns: marked };
}
