/** Results files (what `scan` wrote) for the research commands: summarize, report, agree, sample, export-qdpx. */
import { readResults, ResultsError } from '../io/results.js';
import type { ResultRecord } from '../research/types.js';
import { warn } from './common.js';
import { CliError, UsageError } from './errors.js';
import type { CliIO } from './io.js';

/** Read results files for a research command; problems become exit-2 errors, notes warnings. */
export function loadResultsOrFail(paths: string[], io: CliIO): ResultRecord[] {
  if (paths.length === 0) throw new UsageError('no results: give the JSONL, JSON or CSV files that "harmlex scan" wrote');
  try {
    const { records, warnings } = readResults(paths, io.cwd);
    for (const w of warnings) warn(io, w);
    return records;
  } catch (e) {
    if (e instanceof ResultsError) throw new CliError(e.message);
    throw e;
  }
}
