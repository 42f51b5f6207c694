/** A positioned problem in a lexicon or config file. */
export interface LexiconProblem {
  file: string;
  line: number;
  column: number;
  /** A stable code, e.g. `unknown-key`, `duplicate-term`, `unsafe-pattern`. */
  code: string;
  message: string;
  /** The entry the problem is in, when there is one. */
  entry?: string;
}

export function formatProblem(p: LexiconProblem): string {
  return `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`;
}

/** Thrown by the loader when a lexicon (or config) has problems; carries every problem at once. */
export class LexiconError extends Error {
  readonly problems: LexiconProblem[];
  constructor(problems: LexiconProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'LexiconError';
    this.problems = problems;
  }
}

/** Levenshtein distance, for "did you mean" hints on small vocabularies. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
