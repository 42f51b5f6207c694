/**
 * Lexicon -> matcher structures, built once per run: a word trie of every term phrase, and a head
 * filter (hashed first words and first-word prefixes) that tells the matcher, word by word and
 * without allocating, where a phrase may start. The matcher never builds a RegExp per term or per
 * document.
 */
import type { Lexicon, LexiconEntry } from '../types.js';
import { porterStem } from '../text/stem.js';
import { patternProblem } from './safety.js';
import { LinearRegex } from '../text/linear-regex.js';
import { HeadFilterBuilder, STEM_GATE_START, stemFamily, type HeadFilter } from './heads.js';
import { expandSetsInPattern, parseTermWith, phraseKey, type WordPattern, type WordSets } from './terms.js';

export interface Terminal {
  entry: number;
  /** Literal beats wildcard beats stem when two phrases of equal length end at the same node. */
  rank: number;
  term: number;
}

/**
 * A node of the word trie. A class with every field always present (null when empty), so the
 * matcher's property reads see one object shape.
 */
export class TrieNode {
  words: Map<string, TrieNode> | null = null;
  prefixes: [string, TrieNode][] | null = null;
  stems: Map<string, TrieNode> | null = null;
  /** Which words are worth stemming here: a superset of the words whose stem is a key of `stems`. */
  stemGate: StemGate | null = null;
  terminal: Terminal | null = null;
  /**
   * Restored from a snapshot but not yet filled in: the stored node, and the function that fills
   * this node from it (lexicon/snapshot.ts). Read a node through `readyNode`, never these.
   */
  pending: unknown = null;
  fill: ((node: TrieNode, stored: unknown) => void) | null = null;
}

/**
 * The node, ready to read: a node restored lazily from a snapshot is filled in the first time it
 * is reached (its children stay lazy). The trie's laziness stays inside lexicon/: the matcher reads
 * every node through this.
 */
export function readyNode(node: TrieNode): TrieNode {
  if (node.pending !== null) {
    const stored = node.pending;
    node.pending = null;
    node.fill!(node, stored);
  }
  return node;
}

/**
 * Words with the same Porter stem share the part of the word the stemmer left alone (Porter rewrites
 * endings only). When that shared part has at least three letters its first three letters gate the
 * word; shorter families ("do", "we", "i") are listed form by form.
 */
export interface StemGate {
  /** The families' shared beginnings, by their first STEM_GATE_START letters. */
  starts: Map<string, string[]>;
  forms: Set<string>;
}

export function addStemStart(gate: StemGate, prefix: string): void {
  const key = prefix.slice(0, STEM_GATE_START);
  const list = gate.starts.get(key);
  if (!list) gate.starts.set(key, [prefix]);
  else if (!list.includes(prefix)) list.push(prefix);
}

export interface CompiledEntry {
  entry: LexiconEntry;
  exceptionsBefore: WordPattern[][];
  exceptionsAfter: WordPattern[][];
  exceptionsWindow: number;
  requires: WordPattern[][];
  requiresWindow: number;
  unless: WordPattern[][];
  unlessWindow: number;
  /** A proximity rule's other lists (the first is the entry's trie phrases); empty for other entries. */
  near: WordPattern[][][];
  nearWithin: number;
  /** The proximity rule's lists, requires and unless reach over sentence ends. */
  nearAcross: boolean;
  /** The anchors (first list) of a proximity rule, parsed: to check an alternate entry on a span. */
  nearAnchors: WordPattern[][];
  patterns: LinearRegex[];
  /**
   * The same patterns, not checked again: for a lexicon whose patterns the build checked (the
   * built-in one's snapshot, `CompiledLexicon.built`). Compiled apart from `patterns`.
   */
  builtPatterns: LinearRegex[];
}

/**
 * What the build worked out of the built-in lexicon (scripts/build-default-lexicon.mjs), so a run
 * need not: every pattern passed validation; the pattern prefilter's clauses (per pattern entry, in
 * `patternEntries` order, per pattern: scan/pattern-filter.ts); `nearAlternates` as the lexicon's.
 */
export interface Precomputed {
  clauses: string[][][][];
  nearAlternates: ReadonlyMap<number, number[]>;
}

/** Descriptors of people other than the patient, compiled (see OthersSettings); no groups when unset. */
export interface CompiledOthers {
  groups: ReadonlySet<string>;
  people: WordPattern[][];
  links: ReadonlySet<string>;
  window: number;
}

/** Attributed speech, compiled (see AttributionSettings). */
export interface CompiledAttribution {
  count: boolean;
  categories: ReadonlySet<string>;
  window: number;
  verbs: WordPattern[][];
  subjects: ReadonlySet<string>;
  subjectWindow: number;
  speaker: ReadonlySet<string>;
  naming: WordPattern[][];
  /** Frames that report a view without naming its holder ("the idea that"). */
  frames: WordPattern[][];
  /** The single-word negation cues, for a negated naming verb. */
  negations: ReadonlySet<string>;
}

export type { HeadFilter };

export interface CompiledLexicon {
  lexicon: Lexicon;
  entries: CompiledEntry[];
  root: TrieNode;
  /** Which words may start a phrase; null when the lexicon has no terms. */
  heads: HeadFilter | null;
  /** Indexes of entries that have patterns. */
  patternEntries: number[];
  negationCues: WordPattern[][];
  /** Pseudo-negations (see NegationSettings.pseudo). */
  negationPseudo: WordPattern[][];
  negationWindow: number;
  mentionCues: WordPattern[][];
  /** Mention cues after the match (see MentionSettings.after). */
  mentionAfter: WordPattern[][];
  mentionWindow: number;
  attribution: CompiledAttribution;
  /**
   * Proximity rules sharing an anchor phrase: the trie holds the phrase for the first of them, and
   * the others are tried on the same span when it is vetoed (its other lists were not found).
   */
  nearAlternates: Map<number, number[]>;
  terminators: ReadonlySet<string>;
  others: CompiledOthers;
  /** Longest number of words in any exception / requires / cue phrase, to size look-arounds. */
  maxContextPhrase: number;
  /** The built-in lexicon as the build left it (see Precomputed). */
  built?: Precomputed;
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


function phrases(list: readonly string[], sets?: WordSets): WordPattern[][] {
  return list.flatMap((t) => parseTermWith(t, sets).phrases);
}

/** The phrases an entry puts in the trie: its terms, or the first list of its proximity rule. */
export function triePhrases(entry: LexiconEntry): string[] {
  return entry.near ? entry.near.all[0]! : entry.terms;
}

export function compileLexicon(lexicon: Lexicon): CompileResult {
  const root = new TrieNode();
  const conflicts: TermConflict[] = [];
  const heads = new HeadFilterBuilder();
  const owner = new Map<string, number>();

  const child = (node: TrieNode, p: WordPattern, stem: boolean): TrieNode => {
    if (p.kind === 'prefix') {
      node.prefixes ??= [];
      let found = node.prefixes.find(([k]) => k === p.key);
      if (!found) node.prefixes.push((found = [p.key, new TrieNode()]));
      return found[1];
    }
    if (stem) {
      node.stems ??= new Map();
      node.stemGate ??= { starts: new Map(), forms: new Set() };
      const family = stemFamily(p.key);
      if (family.prefix) addStemStart(node.stemGate, family.prefix);
      for (const form of family.forms) node.stemGate.forms.add(form);
      const s = porterStem(p.key);
      let c = node.stems.get(s);
      if (!c) node.stems.set(s, (c = new TrieNode()));
      return c;
    }
    node.words ??= new Map();
    let c = node.words.get(p.key);
    if (!c) node.words.set(p.key, (c = new TrieNode()));
    return c;
  };

  lexicon.entries.forEach((entry, entryIndex) => {
    triePhrases(entry).forEach((term, termIndex) => {
      for (const phrase of parseTermWith(term, lexicon.sets).phrases) {
        const key = phraseKey(phrase, entry.stem ? porterStem : undefined);
        const first = owner.get(key);
        // Proximity rules may share an anchor (see nearAlternates).
        if (first !== undefined && first !== entryIndex && entry.near && lexicon.entries[first]!.near) continue;
        if (first !== undefined && first !== entryIndex) {
          conflicts.push({ entry: entryIndex, term: termIndex, firstEntry: first, phrase: key.replace(/~/g, '') });
          continue;
        }
        owner.set(key, entryIndex);
        let node = root;
        for (const p of phrase) node = child(node, p, entry.stem);
        const rank = phrase.some((p) => p.kind === 'prefix') ? 1 : entry.stem ? 2 : 0;
        if (!node.terminal || rank < node.terminal.rank) node.terminal = { entry: entryIndex, rank, term: termIndex };
        heads.add(phrase, entry.stem);
      }
    });
  });
  return { compiled: assembleCompiled(lexicon, root, heads.build()), conflicts };
}

const NO_PHRASES: WordPattern[][] = [];
const NO_LISTS: WordPattern[][][] = [];

/**
 * An entry's context rules, parsed when the matcher first judges a candidate of it: a run pays only
 * for the entries it meets (parsing every entry's phrases up front was half of restoring the
 * built-in lexicon, about 12 ms of every run, and more for a large lexicon).
 */
class LazyCompiledEntry implements CompiledEntry {
  private parsed: { before: WordPattern[][]; after: WordPattern[][]; requires: WordPattern[][]; unless: WordPattern[][] } | null = null;
  private parsedNear: { anchors: WordPattern[][]; others: WordPattern[][][] } | null = null;
  private compiledPatterns: LinearRegex[] | null = null;
  private vettedPatterns: LinearRegex[] | null = null;

  constructor(
    readonly entry: LexiconEntry,
    private readonly sets?: WordSets,
  ) {}

  private rules(): { before: WordPattern[][]; after: WordPattern[][]; requires: WordPattern[][]; unless: WordPattern[][] } {
    const e = this.entry;
    const sets = this.sets;
    return (this.parsed ??= { before: phrases(e.exceptions?.before ?? [], sets), after: phrases(e.exceptions?.after ?? [], sets), requires: phrases(e.requires?.phrases ?? [], sets), unless: phrases(e.unless?.phrases ?? [], sets) });
  }

  private nearRules(): { anchors: WordPattern[][]; others: WordPattern[][][] } {
    const all = this.entry.near?.all ?? [];
    return (this.parsedNear ??= { anchors: phrases(all[0] ?? [], this.sets), others: all.slice(1).map((l) => phrases(l, this.sets)) });
  }

  get near(): WordPattern[][][] {
    return this.entry.near ? this.nearRules().others : NO_LISTS;
  }
  get nearAnchors(): WordPattern[][] {
    return this.entry.near ? this.nearRules().anchors : NO_PHRASES;
  }
  get nearWithin(): number {
    return this.entry.near?.within ?? 6;
  }
  /** The proximity rule's lists, requires and unless reach over sentence ends. */
  get nearAcross(): boolean {
    return this.entry.near?.across === true;
  }

  get exceptionsBefore(): WordPattern[][] {
    return this.rules().before;
  }
  get exceptionsAfter(): WordPattern[][] {
    return this.rules().after;
  }
  get exceptionsWindow(): number {
    return this.entry.exceptions?.window ?? 3;
  }
  get requires(): WordPattern[][] {
    return this.rules().requires;
  }
  get requiresWindow(): number {
    return this.entry.requires?.window ?? 6;
  }
  get unless(): WordPattern[][] {
    return this.entry.unless ? this.rules().unless : NO_PHRASES;
  }
  get unlessWindow(): number {
    return this.entry.unless?.window ?? 6;
  }
  get patterns(): LinearRegex[] {
    // Unsafe or invalid patterns were reported by validation; they are never compiled.
    return (this.compiledPatterns ??= this.entry.patterns
      .map((p) => expandSetsInPattern(p, this.sets))
      .filter((p) => !p.problem && patternProblem(p.text) === null)
      .map((p) => LinearRegex.compile(p.text)));
  }
  get builtPatterns(): LinearRegex[] {
    // A lexicon with a problem never loads, so the build's lexicon has none to leave out.
    return (this.vettedPatterns ??= this.entry.patterns
      .map((p) => expandSetsInPattern(p, this.sets))
      .filter((p) => !p.problem)
      .map((p) => LinearRegex.vetted(p.text)));
  }
}

/** The longest exception, requires or cue phrase, in words: how far the context rules look around a match. */
export function longestContextPhrase(lexicon: Lexicon): number {
  const lengths = (list: readonly string[]) => phrases(list, lexicon.sets).map((p) => p.length);
  return Math.max(
    1,
    ...lengths(lexicon.settings.negation.cues),
    ...lengths(lexicon.settings.mention?.cues ?? []),
    ...lengths(lexicon.settings.attribution?.verbs ?? []),
    ...lexicon.entries.flatMap((e) => lengths([...(e.exceptions?.before ?? []), ...(e.exceptions?.after ?? []), ...(e.requires?.phrases ?? []), ...(e.unless?.phrases ?? [])])),
  );
}

/**
 * The cheap rest of a compiled lexicon (context rules, cues, patterns) around a trie and head
 * filter, either just built or restored from a snapshot (lexicon/snapshot.ts). `maxContextPhrase`:
 * as `longestContextPhrase` gives it, when known (a snapshot stores it).
 */
export function assembleCompiled(lexicon: Lexicon, root: TrieNode, heads: HeadFilter | null, maxContextPhrase = longestContextPhrase(lexicon)): CompiledLexicon {
  const entries: CompiledEntry[] = lexicon.entries.map((entry) => new LazyCompiledEntry(entry, lexicon.sets));
  const negationCues = phrases(lexicon.settings.negation.cues);
  const mentionCues = phrases(lexicon.settings.mention?.cues ?? []);
  let alternates: Map<number, number[]> | undefined;
  return {
      lexicon,
      entries,
      root,
      heads,
      // (An entry whose patterns are all unsafe is listed, and has none to run.)
      patternEntries: lexicon.entries.flatMap((e, i) => (e.patterns.length ? [i] : [])),
      negationCues,
      negationPseudo: phrases(lexicon.settings.negation.pseudo ?? []),
      negationWindow: lexicon.settings.negation.window,
      mentionCues,
      mentionAfter: phrases(lexicon.settings.mention?.after ?? []),
      mentionWindow: lexicon.settings.mention?.window ?? 3,
      attribution: compileAttribution(lexicon),
      // Worked out when first asked for: parsing every proximity rule's anchors is most of a restore.
      get nearAlternates() {
        return (alternates ??= nearAlternates(lexicon));
      },
      terminators: new Set(lexicon.settings.negation.terminators.map((t) => t.toLowerCase().replace(/'/g, ''))),
      others: compileOthers(lexicon),
      maxContextPhrase,
  };
}

const wordKeyOf = (w: string) => w.toLowerCase().replace(/[\u2018\u2019']/g, '');

/** The others settings, compiled (a lexicon without them, or restored from an older snapshot: no groups, so nothing is dropped). */
function compileOthers(lexicon: Lexicon): CompiledOthers {
  const o = lexicon.settings.others;
  if (!o || o.groups.length === 0 || o.people.length === 0) return { groups: new Set(), people: [], links: new Set(), window: 0 };
  return { groups: new Set(o.groups), people: phrases(o.people, lexicon.sets), links: new Set(o.links.map(wordKeyOf)), window: o.window };
}

/** Attributed-speech settings, compiled (a lexicon restored from an older snapshot has none: the defaults). */
function compileAttribution(lexicon: Lexicon): CompiledAttribution {
  const a = lexicon.settings.attribution;
  if (!a) return { count: true, categories: new Set(), window: 0, verbs: [], subjects: new Set(), subjectWindow: 0, speaker: new Set(), naming: [], frames: [], negations: new Set() };
  return {
    count: a.count,
    categories: new Set(a.categories),
    window: a.window,
    verbs: phrases(a.verbs),
    subjects: new Set(a.subjects.map(wordKeyOf)),
    subjectWindow: a.subject_window,
    speaker: new Set(a.speaker.map(wordKeyOf)),
    naming: phrases(a.naming ?? []),
    frames: phrases(a.frames ?? []),
    negations: new Set(phrases(lexicon.settings.negation.cues).flatMap((p) => (p.length === 1 && p[0]!.kind === 'word' ? [p[0]!.key] : []))),
  };
}

/**
 * Proximity rules that share anchor phrases, by the entry that owns them in the trie (the first in
 * lexicon order): only proximity entries are parsed, so restoring a snapshot stays cheap.
 */
function nearAlternates(lexicon: Lexicon): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const owner = new Map<string, number>();
  lexicon.entries.forEach((entry, i) => {
    if (!entry.near) return;
    for (const phrase of phrases(entry.near.all[0] ?? [], lexicon.sets)) {
      const key = phraseKey(phrase, entry.stem ? porterStem : undefined);
      const first = owner.get(key);
      if (first === undefined) owner.set(key, i);
      else if (first !== i) {
        const list = out.get(first) ?? [];
        if (!list.includes(i)) list.push(i);
        out.set(first, list);
      }
    }
  });
  return out;
}
