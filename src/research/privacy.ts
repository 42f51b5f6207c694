/**
 * Privacy downstream of --no-context: whether the report and the REFI-QDA export may read the
 * document texts of these results.
 */
import type { ResultRecord } from './types.js';

/**
 * Why the sources of these results are not read (null: they may be): results made with
 * --no-context, or CSV results, which cannot say whether they were. `readSources` (the explicit
 * --read-sources) lifts it.
 */
export function sourcesPolicy(records: readonly ResultRecord[], readSources: boolean): string | null {
  if (readSources) return null;
  if (records.some((r) => r.no_context === true)) return 'the results were made with --no-context';
  if (records.some((r) => r.status === 'ok' && !r.matches)) return 'CSV results cannot say whether they were made with --no-context';
  return null;
}

/** "a, b, c and 4 more". */
export function listIds(ids: readonly string[], shown = 5): string {
  const head = ids.slice(0, shown).join(', ');
  return ids.length > shown ? `${head} and ${ids.length - shown} more` : head;
}

