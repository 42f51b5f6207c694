import type { RecordResult } from '../analyze.js';
import type { Placement } from '../types.js';

export interface ReportContext {
  tool: { name: string; version: string };
  lexicon: { name: string; version: string; sha256: string };
  /** The options that shape results, echoed in JSON output. */
  options: Record<string, unknown>;
  /** Metadata columns, in order, for formats with a fixed header (CSV). */
  metaKeys: string[];
  /** Colour for human formats. */
  color: boolean;
  /** The terminal's width in columns: the table format fits its lines to it (none: as long as they come). */
  width?: number;
  noContext: boolean;
  /** CSV without its header line (the second and later shards of a sharded run). */
  noHeader?: boolean;
  /** CSV cells as they are: no `'` before a cell a spreadsheet would take for a formula (--csv-raw). */
  csvRaw?: boolean;
}

export interface RunSummary {
  documents: number;
  scored: number;
  skipped: number;
  by_placement: Record<Placement, number>;
  matches: number;
}

/**
 * A reporter is three pure functions: what to write before the first record, for each record, and
 * after the last. Records stream through it, so a run never holds the corpus in memory.
 */
export interface Formatter {
  name: string;
  /** Machine-readable (goes to stdout or --output untouched) or for people. */
  machine: boolean;
  begin(ctx: ReportContext): string;
  /** `index` is the 0-based position of the record in the output (used only when `positional`). */
  record(r: RecordResult, ctx: ReportContext, index: number): string;
  /** A record's text depends on its position (JSON's commas): it cannot be written out of order, by a worker. */
  positional?: boolean;
  end(summary: RunSummary, ctx: ReportContext): string;
}
