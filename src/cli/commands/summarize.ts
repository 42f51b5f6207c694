/** `harmlex summarize RESULTS... [--by FIELD...]`: prevalence tables from scan results. */
import { Command, Option } from 'commander';
import { readResults, ResultsError } from '../../io/results.js';
import type { RecordResult } from '../../analyze.js';
import { formatSummary, summaryFormatForFile, SUMMARY_FORMATS, type SummaryFormat } from '../../research/format-summary.js';
import { MatchesCollector, matchesFormatForFile } from '../../research/matches.js';
import { summarize, SummaryAccumulator } from '../../research/summary.js';
import type { ResultRecord } from '../../research/types.js';
import { collectList, parseNonNegativeInt, parsePositiveInt, warn } from '../common.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { openSink, type CliIO, type Sink } from '../io.js';

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
    .option('--by <field...>', 'group by these fields (metadata such as "site", or "meta.site"); repeatable or comma-separated', collectList)
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
  const format: SummaryFormat = opts.format ?? (io.stdoutIsTTY && !opts.output ? 'table' : 'markdown');
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

/** What `scan` adds for research: `--matches FILE` and `--summary`. */
export interface ScanResearchOptions {
  matches?: string;
  summary?: boolean;
  summaryBy?: string[];
  summaryOutput?: string;
}

/**
 * The scan-side hooks, kept here so scan.ts only calls add() and finish(). Files are opened before
 * the scan starts, so a bad path fails fast (exit 2) before any work.
 */
export class ScanResearchHooks {
  private readonly matches?: { collector: MatchesCollector; sink: Sink };
  private readonly summary?: SummaryAccumulator;
  private readonly summarySink?: Sink;

  constructor(
    private readonly opts: ScanResearchOptions,
    private readonly io: CliIO,
    inputs: readonly string[],
  ) {
    if (opts.matches) this.matches = { collector: new MatchesCollector(matchesFormatForFile(opts.matches)), sink: openSink(io, opts.matches, inputs) };
    if (opts.summary || opts.summaryOutput || opts.summaryBy?.length) {
      this.summary = new SummaryAccumulator({ by: opts.summaryBy });
      if (opts.summaryOutput) this.summarySink = openSink(io, opts.summaryOutput, inputs);
    }
  }

  add(r: RecordResult): void {
    const rec = r as unknown as ResultRecord;
    this.matches?.collector.add(rec);
    this.summary?.add(rec);
  }

  /**
   * Write the matches file and the summary. The summary goes to --summary-output when given;
   * otherwise to standard error when standard output carries machine output (CSV/JSON/JSONL), so
   * pipes stay clean, and to standard output after the table when the table is what it carries.
   */
  async finish(o: { stdoutIsMachine: boolean }): Promise<void> {
    if (this.matches) {
      await this.matches.sink.write(this.matches.collector.text());
      await this.matches.sink.close();
    }
    if (!this.summary) return;
    const s = this.summary.finish();
    if (this.summarySink) {
      await this.summarySink.write(formatSummary(s, summaryFormatForFile(this.opts.summaryOutput!)));
      await this.summarySink.close();
    } else if (o.stdoutIsMachine) {
      this.io.stderr.write(`\n${formatSummary(s, 'table')}`);
    } else {
      this.io.stdout.write(`\n${formatSummary(s, 'table')}`);
    }
  }
}
