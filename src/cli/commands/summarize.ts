/** `harmlex summarize RESULTS... [--by FIELD...]`: prevalence tables from scan results. */
import { Command, Option } from 'commander';
import { formatSummary, SUMMARY_FORMATS, type SummaryFormat } from '../../research/format-summary.js';
import { summarize } from '../../research/summary.js';
import { collectNames, parseNonNegativeInt, parsePositiveInt, warn } from '../common.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { openSink, outputFormat, type CliIO } from '../io.js';
import { loadResultsOrFail } from '../results.js';

interface SummarizeOptions {
  by?: string[];
  format?: SummaryFormat;
  output?: string;
  decimals: number;
  top: number;
  unit: string;
}

export function registerSummarize(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('summarize')
    .description('prevalence tables from scan results: placements, principles, stigmatizing terms, continuum; overall and by group')
    .argument('<results...>', 'JSONL, JSON or CSV files written by "harmlex scan" (several merge into one table)')
    .option('--by <fields>', 'group by these fields (metadata such as "site", or "meta.site"); repeatable or comma-separated', collectNames)
    .addOption(new Option('-f, --format <format>', 'output format (default: table on a terminal, markdown otherwise)').choices(SUMMARY_FORMATS))
    .option('-o, --output <file>', 'write the summary to a file')
    .option('--decimals <n>', 'decimals of the percentages', parseNonNegativeInt, 0)
    .option('--top <n>', 'how many stigmatizing terms to list', parsePositiveInt, 10)
    .option('--unit <name>', 'what one record is called in the tables', 'documents')
    .action(async (paths: string[], opts: SummarizeOptions) => {
      setExit(await runSummarize(paths, opts, io));
    });
}

export async function runSummarize(paths: string[], opts: SummarizeOptions, io: CliIO): Promise<number> {
  if (opts.decimals > 3) throw new UsageError('--decimals: at most 3');
  const records = loadResultsOrFail(paths, io);
  const summary = summarize(records, { by: opts.by, decimals: opts.decimals, top: opts.top, unit: opts.unit });
  const format: SummaryFormat = outputFormat(io, opts.format, opts.output, SUMMARY_FORMATS, io.stdoutIsTTY && !opts.output ? 'table' : 'markdown');
  const sink = openSink(io, opts.output, paths);
  await sink.write(formatSummary(summary, format));
  await sink.close();
  if (opts.by?.length) {
    for (const f of opts.by) {
      if (summary.groups.every((g) => g.key[f] === '(none)')) warn(io, `no document has a value for "${f}" (metadata comes from the inputs; see "harmlex scan --help")`);
    }
  }
  return EXIT_OK;
}
