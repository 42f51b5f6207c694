/** `harmlex sample RESULTS --per-entry N --seed S`: matches to adjudicate, as a CSV with a verdict column. */
import { Command, Option } from 'commander';
import { documentSampleCsv, sampleDocuments, type Allocation } from '../../research/sample-documents.js';
import { groupFieldProblem } from '../../research/periods.js';
import { NO_VALUE } from '../../research/summary.js';
import { sampleCsv, sampleMatches } from '../../research/sample.js';
import { collectList, collectNames, parsePositiveInt, warn } from '../common.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { openSink, type CliIO } from '../io.js';
import { loadResultsOrFail } from '../results.js';

interface SampleCliOptions {
  perEntry?: number;
  documents?: number;
  by?: string[];
  allocation: Allocation;
  bom?: boolean;
  csvRaw?: boolean;
  seed?: string;
  output?: string;
  includeUncounted?: boolean;
  entry?: string[];
  category?: string[];
}

export function registerSample(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('sample')
    .description('a reproducible sample for people to code: matches per lexicon entry to adjudicate (--per-entry), or documents stratified by a field for double coding (--documents)')
    .argument('<results...>', 'JSONL or JSON files written by "harmlex scan" (CSV results carry no matches)')
    .option('--per-entry <n>', 'matches drawn per entry (all of them when an entry has fewer); a CSV with an empty verdict column', parsePositiveInt)
    .option('--documents <n>', 'documents drawn in all, shared among the --by strata; a sheet with the metadata columns and empty code columns (placement, stigma, the principles) that "agree --gold" reads', parsePositiveInt)
    .option('--by <fields>', 'with --documents: the strata (metadata fields; FIELD:month and the other periods bucket a date); repeatable or comma-separated', collectNames)
    .addOption(new Option('--allocation <how>', 'with --documents: how N is shared among the strata').choices(['equal', 'proportional']).default('equal'))
    .option('--seed <seed>', 'the random seed (any text); the same seed gives the same sample', '1')
    .option('-o, --output <file>', 'write the sample to a file (CSV)')
    .option('--csv-raw', 'CSV cells exactly as they are (by default a cell starting with = + - @, a tab or a carriage return gets a leading \' so a spreadsheet shows it as text)')
    .option('--bom', 'start CSV output with a UTF-8 byte order mark (for Excel)')
    .option('--include-uncounted', 'also sample matches that do not count (negated)')
    .option('--entry <ids>', 'only these entries (comma-separated or repeated)', collectList)
    .option('--category <names>', 'only these categories: stigma, antithetical, principle, structural', collectList)
    .action(async (paths: string[], opts: SampleCliOptions) => {
      setExit(await runSample(paths, opts, io));
    });
}

export async function runSample(paths: string[], opts: SampleCliOptions, io: CliIO): Promise<number> {
  if ((opts.perEntry === undefined) === (opts.documents === undefined)) throw new UsageError('give --per-entry N (matches per lexicon entry) or --documents N (documents, stratified with --by)');
  if (opts.by?.length && opts.documents === undefined) throw new UsageError('--by stratifies a --documents sample');
  for (const f of opts.by ?? []) {
    const problem = groupFieldProblem(f);
    if (problem) throw new UsageError(problem);
  }
  if (opts.documents !== undefined) return runDocumentSample(paths, opts, opts.documents, io);
  const perEntry = opts.perEntry!;
  const records = loadResultsOrFail(paths, io);
  if (records.some((r) => r.status === 'ok' && !r.matches)) throw new UsageError('these results carry no matches (CSV); sample from the JSONL or JSON that "harmlex scan" writes');
  const rows = sampleMatches(records, { perEntry, seed: opts.seed ?? '1', includeUncounted: opts.includeUncounted, entries: opts.entry, categories: opts.category });
  const sink = openSink(io, opts.output, paths, { bom: opts.bom === true });
  await sink.write(sampleCsv(rows, { raw: opts.csvRaw === true }));
  await sink.close();
  const entries = new Set(rows.map((r) => r.match.entry)).size;
  warn(io, `sampled ${rows.length} match${rows.length === 1 ? '' : 'es'} from ${entries} entr${entries === 1 ? 'y' : 'ies'} (seed ${JSON.stringify(opts.seed ?? '1')}); fill in the verdict column (correct / incorrect) and run "harmlex agree --adjudicated FILE"`);
  return EXIT_OK;
}

async function runDocumentSample(paths: string[], opts: SampleCliOptions, n: number, io: CliIO): Promise<number> {
  const records = loadResultsOrFail(paths, io);
  const seed = opts.seed ?? '1';
  const by = opts.by ?? [];
  const s = sampleDocuments(records, { n, by, seed, allocation: opts.allocation });
  const sink = openSink(io, opts.output, paths, { bom: opts.bom === true });
  await sink.write(documentSampleCsv(s, { raw: opts.csvRaw === true }));
  await sink.close();
  const strata = s.strata.map((x) => `${x.label} ${x.drawn} of ${x.population}`).join('; ');
  warn(io, `sampled ${s.rows.length} document${s.rows.length === 1 ? '' : 's'} (seed ${JSON.stringify(seed)}${by.length ? `; ${strata}` : ''}); code them blind in the empty columns and run "harmlex agree RESULTS --gold FILE"`);
  if (s.rows.length < n) warn(io, `only ${s.rows.length} scored document${s.rows.length === 1 ? '' : 's'} to draw from, fewer than --documents ${n}`);
  if (by.length && s.strata.every((x) => Object.values(x.key).every((v) => v === NO_VALUE))) warn(io, `no document has a value for ${by.join(', ')}: one stratum`);
  return EXIT_OK;
}
