/**
 * Lexicon -> matcher structures, built once per run: a word trie of every term phrase, and one
 * trigger RegExp that finds the places where a phrase may start (the first words of all terms, as a
 * prefix-compressed alternation). The matcher never builds a RegExp per term or per document.
 */
import type { Lexicon, LexiconEntry } from '../types.js';
import { porterStem } from '../scan/stem.js';
import { patternProblem } from './safety.js';
import { parseTerm, phraseKey, type WordPattern } from './terms.js';

export interface Terminal {
  entry: number;
  /** Literal beats wildcard beats stem when two phrases of equal length end at the same node. */
  rank: number;
  term: number;
}

export interface TrieNode {
  words?: Map<string, TrieNode>;
  prefixes?: [string, TrieNode][];
  stems?: Map<string, TrieNode>;
  terminal?: Terminal;
}

export interface CompiledEntry {
  entry: LexiconEntry;
  exceptionsBefore: WordPattern[][];
  exceptionsAfter: WordPattern[][];
  exceptionsWindow: number;
  requires: WordPattern[][];
  requiresWindow: number;
  patterns: RegExp[];
}

export interface CompiledLexicon {
  lexicon: Lexicon;
  entries: CompiledEntry[];
  root: TrieNode;
  /** Finds candidate phrase starts; null when the lexicon has no terms. */
  trigger: RegExp | null;
  /** Indexes of entries that have patterns. */
  patternEntries: number[];
  negationCues: WordPattern[][];
  negationWindow: number;
  mentionCues: WordPattern[][];
  mentionWindow: number;
  terminators: ReadonlySet<string>;
  /** Longest number of words in any exception / requires / cue phrase, to size look-arounds. */
  maxContextPhrase: number;
}

export interface TermConflict {
  /** The entry and term that repeat an earlier one. */
  entry: number;
  term: number;
  /** The entry that has the phrase first. */
  firstEntry: number;
  phrase: string;
}

export interface CompileResult {
  compiled: CompiledLexicon;
  conflicts: TermConflict[];
}

function longestCommonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

function phrases(list: readonly string[]): WordPattern[][] {
  return list.flatMap((t) => parseTerm(t).phrases);
}

/** Prefix-compressed alternation of literal strings: ["abc","abd","x"] -> "ab[cd]|x" style. */
export function alternation(strings: readonly string[]): string {
  // Only start positions matter, so a string that extends another adds nothing.
  const sorted = [...new Set(strings)].sort();
  const minimal: string[] = [];
  for (const s of sorted) {
    const last = minimal[minimal.length - 1];
    if (last !== undefined && s.startsWith(last)) continue;
    minimal.push(s);
  }
  interface N {
    children: Map<string, N>;
    end: boolean;
  }
  const root: N = { children: new Map(), end: false };
  for (const s of minimal) {
    let n = root;
    for (const ch of s) {
      let c = n.children.get(ch);
      if (!c) n.children.set(ch, (c = { children: new Map(), end: false }));
      n = c;
    }
    n.end = true;
  }
  const esc = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  const render = (n: N): string => {
    if (n.end) return '';
    const parts = [...n.children].map(([ch, c]) => esc(ch) + render(c));
    return parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`;
  };
  return render(root);
}

export function compileLexicon(lexicon: Lexicon): CompileResult {
  const root: TrieNode = {};
  const conflicts: TermConflict[] = [];
  const firstWords: string[] = [];
  const owner = new Map<string, number>();

  const child = (node: TrieNode, p: WordPattern, stem: boolean): TrieNode => {
    if (p.kind === 'prefix') {
      node.prefixes ??= [];
      let found = node.prefixes.find(([k]) => k === p.key);
      if (!found) node.prefixes.push((found = [p.key, {}]));
      return found[1];
    }
    if (stem) {
      node.stems ??= new Map();
      const s = porterStem(p.key);
      let c = node.stems.get(s);
      if (!c) node.stems.set(s, (c = {}));
      return c;
    }
    node.words ??= new Map();
    let c = node.words.get(p.key);
    if (!c) node.words.set(p.key, (c = {}));
    return c;
  };

  const entries: CompiledEntry[] = lexicon.entries.map((entry, entryIndex) => {
    entry.terms.forEach((term, termIndex) => {
      for (const phrase of parseTerm(term).phrases) {
        const key = phraseKey(phrase, entry.stem ? porterStem : undefined);
        const first = owner.get(key);
        if (first !== undefined && first !== entryIndex) {
          conflicts.push({ entry: entryIndex, term: termIndex, firstEntry: first, phrase: key.replace(/~/g, '') });
          continue;
        }
        owner.set(key, entryIndex);
        let node = root;
        for (const p of phrase) node = child(node, p, entry.stem);
        const rank = phrase.some((p) => p.kind === 'prefix') ? 1 : entry.stem ? 2 : 0;
        if (!node.terminal || rank < node.terminal.rank) node.terminal = { entry: entryIndex, rank, term: termIndex };
        const head = phrase[0]!;
        if (head.kind === 'prefix') firstWords.push(head.key);
        else if (entry.stem) {
          const lcp = longestCommonPrefix(head.key, porterStem(head.key));
          firstWords.push(lcp.length >= 3 ? lcp : head.key.slice(0, Math.max(1, lcp.length)));
        } else firstWords.push(head.literal.split("'")[0]!);
      }
    });
    return {
      entry,
      exceptionsBefore: phrases(entry.exceptions?.before ?? []),
      exceptionsAfter: phrases(entry.exceptions?.after ?? []),
      exceptionsWindow: entry.exceptions?.window ?? 3,
      requires: phrases(entry.requires?.phrases ?? []),
      requiresWindow: entry.requires?.window ?? 6,
      // Unsafe or invalid patterns were reported by validation; they are never compiled.
      patterns: entry.patterns.filter((p) => patternProblem(p) === null).map((p) => new RegExp(p, 'gu')),
    };
  });

  const negationCues = phrases(lexicon.settings.negation.cues);
  const mentionCues = phrases(lexicon.settings.mention?.cues ?? []);
  const maxContextPhrase = Math.max(
    1,
    ...negationCues.map((p) => p.length),
    ...mentionCues.map((p) => p.length),
    ...entries.flatMap((e) => [...e.exceptionsBefore, ...e.exceptionsAfter, ...e.requires].map((p) => p.length)),
  );
  const body = firstWords.length ? alternation(firstWords.filter((w) => w.length > 0)) : '';
  return {
    compiled: {
      lexicon,
      entries,
      root,
      // The look-behind keeps candidates at word starts (ASCII); non-ASCII neighbours are checked by the matcher.
      trigger: body ? new RegExp(`(?<![a-z0-9])${body}`, 'g') : null,
      patternEntries: entries.flatMap((e, i) => (e.patterns.length ? [i] : [])),
      negationCues,
      negationWindow: lexicon.settings.negation.window,
      mentionCues,
      mentionWindow: lexicon.settings.mention?.window ?? 3,
      terminators: new Set(lexicon.settings.negation.terminators.map((t) => t.toLowerCase().replace(/'/g, ''))),
      maxContextPhrase,
    },
    conflicts,
  };
}
