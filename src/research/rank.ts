/**
 * Ranking documents ("worst notes first"): `--sort continuum|antithetical|stigma|relational` and
 * `--top N`, for scan (records as they stream; only the N kept are held) and summarize (per
 * group). Pure.
 */
export const SORT_KEYS = ['continuum', 'antithetical', 'stigma', 'relational'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** What ranking needs of a record, whether a scan's record or one read back. */
export interface Rankable {
  id: string;
  status: string;
  continuum?: number | null;
  scores?: Partial<Record<'relational' | 'antithetical' | 'stigma' | 'structural', number>>;
  counts?: Partial<Record<'relational' | 'antithetical' | 'stigma' | 'structural', number>>;
  rates?: Partial<Record<'relational' | 'antithetical' | 'stigma' | 'structural', number>>;
}

const score = (r: Rankable, k: 'relational' | 'antithetical' | 'stigma'): number => r.scores?.[k] ?? r.counts?.[k] ?? 0;
const rate = (r: Rankable, k: 'relational' | 'antithetical' | 'stigma'): number => r.rates?.[k] ?? 0;

/**
 * Order for `key`, first what a reviewer should read first: continuum from -1 (only antithetical
 * evidence) up, documents without evidence last; antithetical, stigma and relational by weighted
 * score (then rate per 1,000 words), highest first. Ties by id; skipped records last.
 */
export function compareRank(key: SortKey): (a: Rankable, b: Rankable) => number {
  return (a, b) => {
    const sa = a.status === 'ok' ? 0 : 1;
    const sb = b.status === 'ok' ? 0 : 1;
    if (sa !== sb) return sa - sb;
    let d = 0;
    if (key === 'continuum') {
      const ca = typeof a.continuum === 'number' ? a.continuum : Infinity;
      const cb = typeof b.continuum === 'number' ? b.continuum : Infinity;
      d = ca === cb ? 0 : ca < cb ? -1 : 1;
      if (d === 0) d = score(b, 'antithetical') - score(a, 'antithetical');
    } else {
      d = score(b, key) - score(a, key) || rate(b, key) - rate(a, key);
    }
    return d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

/**
 * The first `top` records of a stream in `key` order (all of them, sorted, without `top`). Holds
 * at most `top` records (plus a batch) however long the stream: a bounded buffer, pruned as it fills.
 */
export async function rankStream<T extends Rankable>(records: AsyncIterable<T>, key: SortKey, top?: number): Promise<T[]> {
  const cmp = compareRank(key);
  let kept: T[] = [];
  const limit = top ?? Infinity;
  const prune = () => {
    kept.sort(cmp);
    if (kept.length > limit) kept = kept.slice(0, limit);
  };
  for await (const r of records) {
    kept.push(r);
    if (kept.length >= Math.max(2 * limit, 1024) && limit !== Infinity) prune();
  }
  prune();
  return kept;
}

/** The ranked records, then every skipped one (a skip is an error to see, never ranked away). */
export async function* rankedWithSkips<T extends Rankable>(records: AsyncIterable<T>, key: SortKey, top?: number): AsyncGenerator<T> {
  const skipped: T[] = [];
  async function* scored(): AsyncGenerator<T> {
    for await (const r of records) {
      if (r.status === 'ok') yield r;
      else skipped.push(r);
    }
  }
  yield* await rankStream(scored(), key, top);
  yield* skipped;
}
