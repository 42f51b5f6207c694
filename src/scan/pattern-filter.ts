/**
 * The pattern prefilter: a lexicon pattern runs on a text only when the text has the words every
 * match of it must contain (text/regex-literals.ts reads them from the pattern's syntax, once).
 * Most patterns name words most texts lack ("taught", "hawk", "consequences"), so most never run.
 * Exact: a pattern that cannot match is all it skips (a match needs its words; when in doubt the
 * analysis gives no words and the pattern runs). Pure.
 *
 * A text's words are read in one pass over it: each run of a-z0-9 is hashed and probed in an
 * open-addressing table of the words the patterns name; a hit marks that word present. Two
 * different words with the same hash and length would make a pattern run for nothing, never skip
 * one. `HARMLEX_PATTERN_FILTER=off` runs every pattern on every text (docs/internals.md).
 */
import type { CompiledLexicon } from '../lexicon/compile.js';
import { requiredTokens } from '../text/regex-literals.js';
import { FNV_OFFSET, FNV_PRIME, fnv1aRange } from '../fnv.js';

/** Mark the token of hash `h` and `length` characters in `seen`, if it is one of the table's. */
function probe(table: Int32Array, mask: number, hashes: Int32Array, lengths: Int32Array, seen: Uint8Array, h: number, length: number): void {
  for (let slot = (h ^ (h >>> 16)) & mask; ; slot = (slot + 1) & mask) {
    const id = table[slot]!;
    if (id === -1) return;
    if (hashes[id] === h && lengths[id] === length) {
      seen[id] = 1;
      return;
    }
  }
}

export class PatternFilter {
  /** Per pattern (in `patternIds` order): its clauses as token numbers; empty: always run. */
  private readonly clauses: Int32Array[][];
  /** The first pattern number of each entry (by entry index). */
  private readonly firstPattern = new Map<number, number>();
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly lengths: Int32Array;
  private readonly maxLength: number;
  readonly tokenCount: number;

  /** The prefilter of these patterns (by entry index), their clauses worked out here. */
  static ofSources(patternsByEntry: ReadonlyMap<number, readonly string[]>): PatternFilter {
    return new PatternFilter(new Map([...patternsByEntry].map(([entry, sources]) => [entry, sources.map((source) => requiredTokens(source))])));
  }

  /** `clausesByEntry`: per entry with patterns, per pattern, its clauses (`requiredTokens`). */
  constructor(clausesByEntry: ReadonlyMap<number, readonly (readonly (readonly string[])[])[]>) {
    const ids = new Map<string, number>();
    this.clauses = [];
    for (const [entry, patterns] of clausesByEntry) {
      this.firstPattern.set(entry, this.clauses.length);
      for (const clauses of patterns) {
        this.clauses.push(
          clauses.map((clause) =>
            Int32Array.from(clause, (t) => {
              let id = ids.get(t);
              if (id === undefined) ids.set(t, (id = ids.size));
              return id;
            }),
          ),
        );
      }
    }
    const tokens = [...ids.keys()];
    this.tokenCount = tokens.length;
    let size = 64;
    while (size < tokens.length * 4) size *= 2;
    this.mask = size - 1;
    this.table = new Int32Array(size).fill(-1);
    this.hashes = new Int32Array(tokens.length);
    this.lengths = new Int32Array(tokens.length);
    let longest = 0;
    tokens.forEach((t, id) => {
      const h = fnv1aRange(t, 0, t.length);
      this.hashes[id] = h;
      this.lengths[id] = t.length;
      longest = Math.max(longest, t.length);
      let slot = (h ^ (h >>> 16)) & this.mask;
      while (this.table[slot] !== -1) slot = (slot + 1) & this.mask;
      this.table[slot] = id;
    });
    this.maxLength = longest;
  }

  /** Which of the patterns' words and pairs `low` (the normalized text) has: a flag per word number. */
  present(low: string): Uint8Array {
    const seen = new Uint8Array(this.tokenCount);
    if (this.tokenCount === 0) return seen;
    const { table, mask, hashes, lengths, maxLength } = this;
    const n = low.length;
    // The run before, when one space separates it from this one: its start and hash (a pair's
    // hash goes on from it, over the space and this run).
    let pairFrom = -1;
    let pairHash = 0;
    let i = 0;
    while (i < n) {
      let c = low.charCodeAt(i);
      if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
        if (c !== 32 || pairFrom === -1 || i === 0 || low.charCodeAt(i - 1) === 32) pairFrom = -1;
        i++;
        continue;
      }
      const from = i;
      // FNV-1a inline (fnv.ts), over this run and, for a pair, on from the run before.
      let h = FNV_OFFSET;
      let hp = pairHash;
      do {
        h = Math.imul(h ^ c, FNV_PRIME);
        hp = Math.imul(hp ^ c, FNV_PRIME);
        c = low.charCodeAt(++i);
      } while ((c >= 97 && c <= 122) || (c >= 48 && c <= 57));
      const length = i - from;
      if (length <= maxLength) probe(table, mask, hashes, lengths, seen, h, length);
      if (pairFrom !== -1 && i - pairFrom <= maxLength) probe(table, mask, hashes, lengths, seen, hp, i - pairFrom);
      // This run opens a pair if one space follows it (checked at that space).
      pairFrom = from;
      pairHash = Math.imul(h ^ 32, FNV_PRIME);
    }
    return seen;
  }

  /** May the `k`th pattern of entry `entry` match a text whose words are `seen`? */
  mayMatch(entry: number, k: number, seen: Uint8Array): boolean {
    const first = this.firstPattern.get(entry);
    if (first === undefined) return true;
    const clauses = this.clauses[first + k];
    if (!clauses) return true;
    for (const clause of clauses) {
      let any = false;
      for (let j = 0; j < clause.length; j++) {
        if (seen[clause[j]!] === 1) {
          any = true;
          break;
        }
      }
      if (!any) return false;
    }
    return true;
  }

  /** How many patterns have words to check (the rest always run): for tests and the docs. */
  get filtered(): number {
    return this.clauses.filter((c) => c.length > 0).length;
  }
}

/** The clauses of a compiled lexicon's patterns, per pattern entry (in `patternEntries` order), per pattern. */
export function patternClausesOf(compiled: CompiledLexicon, built = false): string[][][][] {
  return compiled.patternEntries.map((entry) => {
    const ce = compiled.entries[entry]!;
    return (built ? ce.builtPatterns : ce.patterns).map((re) => requiredTokens(re.source).map((clause) => [...clause]));
  });
}

const filters = new WeakMap<CompiledLexicon, PatternFilter>();
const builtFilters = new WeakMap<CompiledLexicon, PatternFilter>();

/**
 * The prefilter of a compiled lexicon's patterns, built on first use. `built`: of its
 * `builtPatterns`, with the clauses the build worked out (`compiled.built`) when it has them.
 */
export function patternFilterOf(compiled: CompiledLexicon, built = false): PatternFilter {
  const cache = built ? builtFilters : filters;
  let filter = cache.get(compiled);
  if (!filter) {
    const shipped = built ? compiled.built?.clauses : undefined;
    const clauses = shipped && shipped.length === compiled.patternEntries.length ? shipped : patternClausesOf(compiled, built);
    cache.set(compiled, (filter = new PatternFilter(new Map(compiled.patternEntries.map((entry, k) => [entry, clauses[k]!])))));
  }
  return filter;
}
