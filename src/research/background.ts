/**
 * The background prior of `lexicon suggest`: counts of stemmed unigrams and bigrams in a
 * general-English corpus (data/brown-ngrams.tsv, built from the Brown corpus by
 * scripts/build-background.mjs). Pure: parses the file's text; io/background.ts reads it.
 */

export interface Background {
  /** A short name for reports ("Brown corpus"). */
  name: string;
  /** Counts by n-gram (stems joined by one space), for n = 1 and 2. */
  counts: Map<string, number>;
  /** Total n-grams of each order in the whole corpus (index 0: unigrams), kept or not. */
  totals: number[];
}

/** Relative frequency of an n-gram in the background; 0 when unseen or when the order is not covered. */
export function backgroundShare(bg: Background, gram: string, n: number): number {
  const total = bg.totals[n - 1];
  if (!total) return 0;
  return (bg.counts.get(gram) ?? 0) / total;
}

/** Parse the TSV: `# total\tN1\tN2` in the header, then `gram\tcount` lines. Throws on a malformed file. */
export function parseBackground(text: string, name: string): Background {
  const counts = new Map<string, number>();
  let totals: number[] | null = null;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line) return;
    const cols = line.split('\t');
    if (line.startsWith('#')) {
      if (cols[0] === '# total') totals = cols.slice(1).map(Number);
      return;
    }
    const c = Number(cols[1]);
    if (cols.length !== 2 || !cols[0] || !Number.isInteger(c) || c < 1) throw new Error(`line ${i + 1}: expected "n-gram<TAB>count"`);
    counts.set(cols[0], c);
  });
  const t = totals as number[] | null;
  if (!t || t.length < 1 || t.some((x) => !Number.isFinite(x) || x <= 0)) throw new Error('no "# total" header line');
  return { name, counts, totals: t };
}
