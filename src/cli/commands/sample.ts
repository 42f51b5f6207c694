/** `harmlex sample RESULTS --per-entry N --seed S`: matches to adjudicate, as a CSV with a verdict column. */
import { Command } from 'commander';
import { sampleCsv, sampleMatches } from '../../research/sample.js';
import { collectList, parsePositiveInt, warn } from '../common.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { openSink, type CliIO } from '../io.js';
import { loadResultsOrFail } from '../results.js';

interface SampleCliOptions {
  perEntry: number;
  seed?: string;
  output?: string;
  includeUncounted?: boolean;
  entry?: string[];
  category?: string[];
}

export function registerSample(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('sample')
    .description('a reproducible sample of matches per lexicon entry for human adjudication (CSV with an empty verdict column)')
    .argument('<results...>', 'JSONL or JSON files written by "harmlex scan" (CSV results carry no matches)')
    .requiredOption('--per-entry <n>', 'matches drawn per entry (all of them when an entry has fewer)', parsePositiveInt)
    .option('--seed <seed>', 'the random seed (any text); the same seed gives the same sample', '1')
    .option('-o, --output <file>', 'write the sample to a file (CSV)')
    .option('--include-uncounted', 'also sample matches that do not count (negated)')
    .option('--entry <ids>', 'only these entries (comma-separated or repeated)', collectList)
    .option('--category <names>', 'only these categories: stigma, antithetical, principle, structural', collectList)
    .action(async (paths: string[], opts: SampleCliOptions) => {
      setExit(await runSample(paths, opts, io));
    });
}

export async function runSample(paths: string[], opts: SampleCliOptions, io: CliIO): Promise<number> {
  const records = loadResultsOrFail(paths, io);
  if (records.some((r) => r.status === 'ok' && !r.matches)) throw new UsageError('these results carry no matches (CSV); sample from the JSONL or JSON that "harmlex scan" writes');
  const rows = sampleMatches(records, { perEntry: opts.perEntry, seed: opts.seed ?? '1', includeUncounted: opts.includeUncounted, entries: opts.entry, categories: opts.category });
  const sink = openSink(io, opts.output, paths);
  await sink.write(sampleCsv(rows));
  await sink.close();
  const entries = new Set(rows.map((r) => r.match.entry)).size;
  warn(io, `sampled ${rows.length} match${rows.length === 1 ? '' : 'es'} from ${entries} entr${entries === 1 ? 'y' : 'ies'} (seed ${JSON.stringify(opts.seed ?? '1')}); fill in the verdict column (correct / incorrect) and run "harmlex agree --adjudicated FILE"`);
  return EXIT_OK;
}
