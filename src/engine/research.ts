/** What `scan` writes for research besides its records: the match file and the corpus summary. */
import type { RecordResult } from '../analyze.js';
import { terminalSafeText } from '../terminal-safe.js';
import { formatSummary, summaryFormatForFile } from '../research/format-summary.js';
import { MatchesCollector, matchesFormatForFile } from '../research/matches.js';
import { SummaryAccumulator } from '../research/summary.js';
import type { ResultRecord } from '../research/types.js';
import type { RunEnv, Sink } from './env.js';
import type { ResearchPlan } from './plan.js';

/**
 * The scan-side hooks: the scan only calls add() and finish(). Files are opened before
 * the scan starts, so a bad path fails fast (exit 2) before any work.
 */
export class ScanResearchHooks {
  private readonly matches?: { collector: MatchesCollector; sink: Sink };
  private readonly summary?: SummaryAccumulator;
  private readonly summarySink?: Sink;

  constructor(
    private readonly opts: ResearchPlan,
    private readonly env: RunEnv,
  ) {
    const format = opts.matches ? matchesFormatForFile(opts.matches) : undefined;
    if (opts.matches) this.matches = { collector: new MatchesCollector(format!, { raw: opts.csvRaw === true }), sink: env.openSink(opts.matches, { bom: opts.bom === true && format === 'csv' }) };
    if (opts.summary || opts.summaryOutput || opts.summaryBy?.length) {
      this.summary = new SummaryAccumulator({ by: opts.summaryBy });
      if (opts.summaryOutput) this.summarySink = env.openSink(opts.summaryOutput, { bom: opts.bom === true && summaryFormatForFile(opts.summaryOutput) === 'csv' });
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
      await this.summarySink.write(formatSummary(s, summaryFormatForFile(this.opts.summaryOutput!), { raw: this.opts.csvRaw === true }));
      await this.summarySink.close();
    } else if (o.stdoutIsMachine) {
      this.env.stderr.write(`\n${terminalSafeText(formatSummary(s, 'table'))}`);
    } else {
      this.env.stdout.write(`\n${terminalSafeText(formatSummary(s, 'table'))}`);
    }
  }
}
