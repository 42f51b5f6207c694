/**
 * Metadata from file paths: --meta-from-path '(?<site>[A-Z]{2})\.(?<participant>\d+)' fills `site`
 * and `participant` for `PA.7.txt`, so a folder of files can be grouped without a spreadsheet.
 */
import { patternProblem } from '../lexicon/safety.js';
import type { MetaFilter } from '../types.js';
import { LinearRegex } from '../text/linear-regex.js';

export interface PathMeta {
  re: LinearRegex;
  /** The named groups, in order. */
  keys: string[];
}

/** Compile the option; a message (not an exception) when it cannot be used. */
export function compilePathMeta(source: string): PathMeta | string {
  const problem = patternProblem(source);
  if (problem) return problem;
  const re = LinearRegex.compile(source);
  const keys = [...source.matchAll(/\(\?P?<([A-Za-z_][\w]*)>/g)].map((m) => m[1]!);
  if (keys.length === 0) return 'needs at least one named group, such as (?<participant>\\d+)';
  return { re, keys };
}

/**
 * The named groups of the first match, tried on the file name first, then on longer and longer
 * tails of the path (`b.txt`, `a/b.txt`, ...), so the part nearest the file wins and the folders
 * above the inputs (a temp folder, a home folder) are reached only when needed. Null: no match.
 */
export function metaFromPath(path: string, meta: PathMeta): Record<string, string> | null {
  const parts = path.split(/[\\/]/);
  for (let i = parts.length - 1; i >= 0; i--) {
    const m = meta.re.exec(parts.slice(i).join('/'));
    if (m) {
      const out: Record<string, string> = {};
      for (const k of meta.keys) if (m.named[k] !== undefined) out[k] = m.named[k]!;
      return out;
    }
  }
  return null;
}

/**
 * Which metadata columns pass into the outputs: `keep` (when set) names the only ones that do,
 * `drop` the ones that never do. With --no-context only the columns named by --group-by, --by,
 * --summary-by and --keep-columns (and --meta-from-path's groups, which the user wrote) pass, so an
 * export's other columns (a record number, a name) never reach a results file.
 */
export type { MetaFilter };

export function keepsMetaKey(key: string, filter: MetaFilter): boolean {
  if (filter.drop?.includes(key)) return false;
  return filter.keep === undefined || filter.keep.includes(key);
}

/** The metadata that passes `filter` (undefined when none does). */
export function filterMeta(meta: Record<string, string> | undefined, filter: MetaFilter | undefined): Record<string, string> | undefined {
  if (!meta || !filter) return meta;
  let out: Record<string, string> | undefined;
  for (const k in meta) {
    if (!keepsMetaKey(k, filter)) continue;
    (out ??= {})[k] = meta[k]!;
  }
  return out;
}
