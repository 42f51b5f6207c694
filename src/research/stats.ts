/** Small, pure statistics used by the summaries: percentages that add up, mean, median. */

/** A count and its share of a denominator, stated together (never a % without its n). */
export interface Share {
  n: number;
  of: number;
  /** Percent of `of`, rounded to the summary's decimals; null when `of` is 0. */
  pct: number | null;
}

function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** One share, rounded half away from zero at `decimals`. */
export function share(n: number, of: number, decimals = 0): Share {
  return { n, of, pct: of === 0 ? null : roundTo((100 * n) / of, decimals) };
}

/**
 * Shares of a partition (categories that each document falls in exactly one of), rounded by the
 * largest-remainder method so the percentages add up to exactly 100 (Hamilton's method): every
 * share is first rounded down at `decimals`, then the units still missing go to the shares with the
 * largest remainders (ties: the larger count, then the earlier category).
 */
export function partitionShares(counts: readonly number[], decimals = 0): Share[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map((n) => ({ n, of: 0, pct: null }));
  const unit = 10 ** decimals;
  const exact = counts.map((n) => (100 * unit * n) / total);
  const floors = exact.map((x) => Math.floor(x + 1e-9));
  let missing = 100 * unit - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, rem: x - floors[i]!, n: counts[i]! }))
    .sort((a, b) => b.rem - a.rem || b.n - a.n || a.i - b.i);
  for (const o of order) {
    if (missing <= 0) break;
    if (o.rem <= 1e-9) continue;
    floors[o.i]! += 1;
    missing--;
  }
  return counts.map((n, i) => ({ n, of: total, pct: floors[i]! / unit }));
}

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The median: the middle value, or the mean of the two middle values. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wilson score interval for a proportion (95% with z = 1.96); null when n = 0. */
export function wilson(k: number, n: number, z = 1.959964): [number, number] | null {
  if (n === 0) return null;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/** Round for output (keeps JSON free of 0.30000000000000004). */
export function round(x: number | null, decimals = 4): number | null {
  return x === null ? null : roundTo(x, decimals);
}

/** Compare strings so that "P2" < "P10". */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'variant' });
}
