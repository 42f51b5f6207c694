/** `harmlex summarize RESULTS... [--by FIELD...]`: prevalence tables from scan results. */
import { Command, Option } from 'commander';
import { formatSummary, SUMMARY_FORMATS, type SummaryFormat } from '../../research/format-summary.js';
import { NO_VALUE, summarize } from '../../research/summary.js';
import { formatRanking, rankByGroup } from '../../research/format-rank.js';
import { SORT_KEYS, type SortKey } from '../../research/rank.js';
import { crossTab, formatCrossTab, MEASURES, type Measure } from '../../research/crosstab.js';
import { groupFieldProblem, NOT_A_DATE, parseGroupField } from '../../research/periods.js';
import { collectNames, parseNonNegativeInt, parsePositiveInt, warn } from '../common.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { openSink, outputFormat, type CliIO } from '../io.js';
import { loadResultsOrFail } from '../results.js';

interface SummarizeOptions {
  by?: string[];
  format?: SummaryFormat;
  output?: string;
  decimals: number;
  top?: number;
  terms?: number;
  sort?: SortKey;
  unit: string;
  rows?: string;
  cols?: string;
  measure: Measure;
  bom?: boolean;
  csvRaw?: boolean;
}

export function registerSummarize(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('summarize')
    .description('prevalence tables from scan results: placements, principles, stigmatizing terms, continuum; overall and by group')
    .argument('<results...>', 'JSONL, JSON or CSV files written by "harmlex scan" (several merge into one table)')
    .option('--by <fields>', 'group by these fields (metadata such as "site", or "meta.site"; FIELD:day|week|month|quarter|year buckets a date, ISO or MM/DD/YYYY); repeatable or comma-separated', collectNames)
    .addOption(new Option('-f, --format <format>', 'output format (default: table on a terminal, markdown otherwise)').choices(SUMMARY_FORMATS))
    .option('-o, --output <file>', 'write the summary to a file')
    .option('--csv-raw', 'CSV cells exactly as they are (by default a cell starting with = + - @, a tab or a carriage return gets a leading \' so a spreadsheet shows it as text)')
    .option('--decimals <n>', 'decimals of the percentages', parseNonNegativeInt, 0)
    .option('--bom', 'start CSV output with a UTF-8 byte order mark (for Excel)')
    .option('--terms <n>', 'how many stigmatizing terms to list (default 10)', parsePositiveInt)
    .addOption(new Option('--sort <key>', 'instead of the tables, the documents to read first, per --by group: continuum (from -1), antithetical, stigma or relational (highest score first)').choices(SORT_KEYS))
    .option('--top <n>', 'with --sort: the first N documents of each group; without it, as --terms (how many stigmatizing terms to list)', parsePositiveInt)
    .option('--unit <name>', 'what one record is called in the tables', 'documents')
    .option('--rows <field>', 'a cross-tab: this field\'s values as rows (with --cols; FIELD:day|week|month|quarter|year buckets a date)')
    .option('--cols <field>', 'a cross-tab: this field\'s values as columns (with --rows)')
    .addOption(new Option('--measure <measure>', 'what each cross-tab cell holds').choices(MEASURES).default('stigma'))
    .action(async (paths: string[], opts: SummarizeOptions) => {
      setExit(await runSummarize(paths, opts, io));
    });
}

export async function runSummarize(paths: string[], opts: SummarizeOptions, io: CliIO): Promise<number> {
  if (opts.decimals > 3) throw new UsageError('--decimals: at most 3');
  for (const f of [...(opts.by ?? []), ...(opts.rows ? [opts.rows] : []), ...(opts.cols ? [opts.cols] : [])]) {
    const problem = groupFieldProblem(f);
    if (problem) throw new UsageError(problem);
  }
  if ((opts.rows === undefined) !== (opts.cols === undefined)) throw new UsageError('a cross-tab needs both --rows FIELD and --cols FIELD');
  const records = loadResultsOrFail(paths, io);
  const csv = { raw: opts.csvRaw === true };
  const format: SummaryFormat = outputFormat(io, opts.format, opts.output, SUMMARY_FORMATS, io.stdoutIsTTY && !opts.output ? 'table' : 'markdown');
  if (opts.sort !== undefined) {
    if (opts.rows !== undefined) throw new UsageError('--sort lists documents; a cross-tab (--rows, --cols) lists measures: give one or the other');
    const by = opts.by ?? [];
    const text = formatRanking(rankByGroup(records, { by, sort: opts.sort, top: opts.top }), { by, sort: opts.sort, top: opts.top }, format, csv);
    const sink = openSink(io, opts.output, paths, { bom: opts.bom === true && format === 'csv', human: format === 'table' || format === 'markdown' });
    await sink.write(text);
    await sink.close();
    return EXIT_OK;
  }
  const fields = opts.rows !== undefined ? [opts.rows, opts.cols!] : opts.by ?? [];
  const summary = summarize(records, { by: fields, decimals: opts.decimals, top: opts.terms ?? opts.top ?? 10, unit: opts.unit });
  const text = opts.rows !== undefined ? formatCrossTab(crossTab(records, { rows: opts.rows, cols: opts.cols!, measure: opts.measure, decimals: opts.decimals, unit: opts.unit }), format, csv) : formatSummary(summary, format, csv);
  const sink = openSink(io, opts.output, paths, { bom: opts.bom === true && format === 'csv', human: format === 'table' || format === 'markdown' });
  await sink.write(text);
  await sink.close();
  for (const f of fields) {
    if (summary.groups.every((g) => g.key[f] === NO_VALUE)) warn(io, `no document has a value for "${parseGroupField(f).field}" (metadata comes from the inputs; see "harmlex scan --help")`);
    else if (parseGroupField(f).period !== null && summary.groups.every((g) => g.key[f] === NO_VALUE || g.key[f] === NOT_A_DATE)) warn(io, `${f}: no value of "${parseGroupField(f).field}" is a date (ISO 2026-01-31 or MM/DD/YYYY)`);
  }
  return EXIT_OK;
}
