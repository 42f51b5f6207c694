/**
 * The matcher: (text, compiled lexicon) -> matches. Pure and synchronous.
 *
 * 1. Normalize once (lower case, typographic quotes and dashes folded; offsets unchanged).
 * 2. The trigger RegExp finds places where a term may start; at each, walk the word trie for the
 *    longest phrase (literal words, suffix wildcards, Porter stems).
 * 3. Context rules: `exceptions` and `requires` decide whether it is a match at all; a negation cue
 *    before it (same clause) marks it negated, which cancels it, is ignored, or turns it into
 *    evidence for a principle, as the entry says.
 * 4. Line, column and a context snippet are added in one forward pass.
 */
import type { CompiledEntry, CompiledLexicon, Terminal, TrieNode } from '../lexicon/compile.js';
import type { WordPattern } from '../lexicon/terms.js';
import type { Match } from '../types.js';
import { porterStem } from './stem.js';
import { gapBreaks, isWordChar, nextWord, normalizeText, wordEnd, wordsAfter, wordsBefore, type Word } from './text.js';

export interface ScanOptions {
  /** Include a context snippet with each match (default true). */
  context?: boolean;
  /** Characters of context on each side (default 50). */
  contextChars?: number;
}

/** Why a candidate was not kept: for `harmlex explain` and tests. */
export interface Candidate {
  entry: number;
  start: number;
  end: number;
  /** null when kept; otherwise the rule that dropped it. */
  dropped: string | null;
  negationCue: string | null;
  /** A mention cue ("the word", "herself") before a stigma or antithetical match. */
  mentionCue: string | null;
}

function wordMatches(p: WordPattern, key: string): boolean {
  return p.kind === 'prefix' ? key.startsWith(p.key) : key === p.key;
}

/** Does `phrase` occur in `words` (chronological) starting at index i? */
function phraseAt(words: readonly Word[], i: number, phrase: readonly WordPattern[]): boolean {
  if (i < 0 || i + phrase.length > words.length) return false;
  for (let k = 0; k < phrase.length; k++) if (!wordMatches(phrase[k]!, words[i + k]!.key)) return false;
  return true;
}

function phraseText(phrase: readonly WordPattern[]): string {
  return phrase.map((p) => (p.kind === 'prefix' ? `${p.key}*` : p.key)).join(' ');
}

interface Found {
  end: number;
  terminal: Terminal;
}

/** Longest phrase of the trie starting with the word at `start`. */
function longestAt(low: string, start: number, root: TrieNode): Found | null {
  let best: Found | null = null;
  const consider = (node: TrieNode, end: number) => {
    const t = node.terminal;
    if (!t) return;
    if (!best || end > best.end || (end === best.end && (t.rank < best.terminal.rank || (t.rank === best.terminal.rank && t.entry < best.terminal.entry)))) {
      best = { end, terminal: t };
    }
  };
  const step = (node: TrieNode, word: Word) => {
    const next = (child: TrieNode) => {
      consider(child, word.end);
      if (child.words || child.prefixes || child.stems) {
        const w = nextWord(low, word.end);
        if (w && !gapBreaks(low, word.end, w.start)) step(child, w);
      }
    };
    const exact = node.words?.get(word.key);
    if (exact) next(exact);
    if (node.prefixes) for (const [k, c] of node.prefixes) if (word.key.startsWith(k)) next(c);
    if (node.stems) {
      const c = node.stems.get(porterStem(word.key));
      if (c) next(c);
    }
  };
  const end = wordEnd(low, start);
  const key = low.slice(start, end);
  step(root, { start, end, key: key.includes("'") ? key.replace(/'/g, '') : key });
  return best;
}

/** The first context rule that rules the candidate out, or null. */
function contextVeto(low: string, ce: CompiledEntry, start: number, end: number, reach: number): string | null {
  if (ce.exceptionsBefore.length) {
    const before = wordsBefore(low, start, ce.exceptionsWindow + reach).reverse();
    for (const phrase of ce.exceptionsBefore) {
      // The phrase must end within `window` words of the match.
      for (let gap = 0; gap < ce.exceptionsWindow; gap++) {
        if (phraseAt(before, before.length - gap - phrase.length, phrase)) return `exception: "${phraseText(phrase)}" before`;
      }
    }
  }
  if (ce.exceptionsAfter.length) {
    const after = wordsAfter(low, end, ce.exceptionsWindow + reach);
    for (const phrase of ce.exceptionsAfter) {
      for (let gap = 0; gap < ce.exceptionsWindow; gap++) {
        if (phraseAt(after, gap, phrase)) return `exception: "${phraseText(phrase)}" after`;
      }
    }
  }
  if (ce.requires.length) {
    const around = [...wordsBefore(low, start, ce.requiresWindow).reverse(), ...wordsAfter(low, end, ce.requiresWindow)];
    let found = false;
    for (const phrase of ce.requires) {
      for (let i = 0; i <= around.length - phrase.length && !found; i++) if (phraseAt(around, i, phrase)) found = true;
      if (found) break;
    }
    if (!found) return 'requires: no required word nearby';
  }
  return null;
}

/** A cue in the clause before `start`; words before `floor` (an earlier match) are not searched. */
function cueBefore(low: string, cues: readonly (readonly WordPattern[])[], window: number, stop: ReadonlySet<string>, start: number, floor: number): string | null {
  if (cues.length === 0) return null;
  const before = wordsBefore(low, start, window, stop)
    .filter((w) => w.start >= floor)
    .reverse();
  for (const cue of cues) {
    for (let i = 0; i <= before.length - cue.length; i++) {
      if (phraseAt(before, i, cue)) return before.slice(i, i + cue.length).map((w) => low.slice(w.start, w.end)).join(' ');
    }
  }
  return null;
}

/** Every candidate with the reason it was dropped, if it was: the matcher's full trace. */
export function findCandidates(text: string, compiled: CompiledLexicon, low = normalizeText(text)): Candidate[] {
  const out: Candidate[] = [];
  const reach = compiled.maxContextPhrase;
  // The words of a kept match are not negation cues for the next one ("no judgment, and it is their choice").
  let lastKeptEnd = 0;
  const decide = (entry: number, start: number, end: number): boolean => {
    const ce = compiled.entries[entry]!;
    const veto = contextVeto(low, ce, start, end, reach);
    const floor = start >= lastKeptEnd ? lastKeptEnd : 0;
    const cue = veto || ce.entry.negation === 'keep' ? null : cueBefore(low, compiled.negationCues, compiled.negationWindow, compiled.terminators, start, floor);
    const judged = ce.entry.category === 'stigma' || ce.entry.category === 'antithetical';
    const mention = veto || !judged ? null : cueBefore(low, compiled.mentionCues, compiled.mentionWindow, compiled.terminators, start, floor);
    if (veto === null) lastKeptEnd = end;
    out.push({ entry, start, end, dropped: veto, negationCue: cue, mentionCue: mention });
    return veto === null;
  };

  const trigger = compiled.trigger;
  if (trigger) {
    trigger.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = trigger.exec(low)) !== null) {
      const p = m.index;
      // Inside a word after all (a non-ASCII letter, or the tail of "don't")?
      if (p > 0 && (isWordChar(low, p - 1) || (low.charCodeAt(p - 1) === 39 && p > 1 && isWordChar(low, p - 2)))) {
        trigger.lastIndex = wordEnd(low, p);
        continue;
      }
      const found = longestAt(low, p, compiled.root);
      if (found && decide(found.terminal.entry, p, found.end)) trigger.lastIndex = found.end;
      else trigger.lastIndex = wordEnd(low, p);
    }
  }

  if (compiled.patternEntries.length) {
    const taken = out.filter((c) => c.dropped === null);
    const overlaps = (s: number, e: number) => taken.some((c) => c.start < e && s < c.end);
    for (const entry of compiled.patternEntries) {
      for (const re of compiled.entries[entry]!.patterns) {
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = re.exec(low)) !== null) {
          const s = m.index;
          const e = s + m[0].length;
          if (e === s) {
            re.lastIndex++;
            continue;
          }
          const atBoundaries = (s === 0 || !isWordChar(low, s - 1)) && (e === low.length || !isWordChar(low, e));
          if (!atBoundaries || overlaps(s, e)) continue;
          if (decide(entry, s, e)) taken.push(out[out.length - 1]!);
        }
      }
    }
    out.sort((a, b) => a.start - b.start || b.end - a.end);
  }
  return out;
}

/** One-pass line/column lookup for ascending offsets. */
export class LineIndex {
  private line = 1;
  private lineStart = 0;
  private pos = 0;
  /** The next line break at or after `pos` (-1: none), cached so a long single line stays linear. */
  private nextBreak = -2;
  constructor(private readonly text: string) {}
  at(offset: number): { line: number; column: number } {
    if (offset < this.pos) {
      this.line = 1;
      this.lineStart = 0;
      this.pos = 0;
      this.nextBreak = -2;
    }
    const t = this.text;
    let i = this.nextBreak === -2 ? t.indexOf('\n', this.pos) : this.nextBreak;
    while (i !== -1 && i < offset) {
      this.line++;
      this.lineStart = i + 1;
      i = t.indexOf('\n', i + 1);
    }
    this.nextBreak = i;
    this.pos = offset;
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}

/** A short one-line snippet around [start, end). */
export function contextSnippet(text: string, start: number, end: number, chars = 50): string {
  let from = Math.max(0, start - chars);
  let to = Math.min(text.length, end + chars);
  // Whole words at the edges.
  while (from > 0 && from < start && isWordChar(text, from - 1)) from++;
  while (to < text.length && to > end && isWordChar(text, to)) to--;
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}

/** Scan a text: every kept match, in order of position. */
export function scanText(text: string, compiled: CompiledLexicon, options: ScanOptions = {}): Match[] {
  const withContext = options.context ?? true;
  const chars = options.contextChars ?? 50;
  const lines = new LineIndex(text);
  const matches: Match[] = [];
  for (const c of findCandidates(text, compiled)) {
    if (c.dropped !== null) continue;
    const e = compiled.entries[c.entry]!.entry;
    const negated = c.negationCue !== null;
    const mention = c.mentionCue !== null;
    const becomes = negated && !mention && typeof e.negation === 'object' ? e.negation.becomes : null;
    const { line, column } = lines.at(c.start);
    matches.push({
      entry: e.id,
      category: becomes ? 'principle' : e.category,
      principle: becomes ?? e.principle ?? null,
      group: e.group ?? null,
      text: text.slice(c.start, c.end),
      line,
      column,
      start: c.start,
      end: c.end,
      negated,
      cue: mention ? c.mentionCue : c.negationCue,
      mention,
      counted: !mention && (!negated || becomes !== null),
      weight: e.weight,
      severity: becomes ? 'info' : e.severity,
      suggest: becomes ? [] : e.suggest,
      context: withContext ? contextSnippet(text, c.start, c.end, chars) : null,
    });
  }
  return matches;
}
