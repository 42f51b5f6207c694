/** The formatter registry: one pure formatter per output format of `scan`. */
import { csvFormatter } from './csv.js';
import { jsonFormatter } from './json.js';
import { jsonlFormatter } from './jsonl.js';
import { tableFormatter } from './table.js';
import type { Formatter, ReportContext } from './types.js';
import { skippedResult, type RecordResult } from '../analyze.js';

export const SCAN_FORMATS = ['csv', 'json', 'jsonl', 'table'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

const registry: Record<ScanFormat, Formatter> = {
  csv: csvFormatter,
  json: jsonFormatter,
  jsonl: jsonlFormatter,
  table: tableFormatter,
};

export function getFormatter(name: ScanFormat): Formatter {
  return registry[name];
}

/**
 * One record as `formatter` writes it. A record past the engine's string limit (a document with
 * millions of matches) becomes a skip with its reason, not the end of the batch.
 */
export function formatRecord(formatter: Formatter, r: RecordResult, ctx: ReportContext, index: number): { record: RecordResult; line: string } {
  try {
    return { record: r, line: formatter.record(r, ctx, index) };
  } catch (e) {
    if (!(e instanceof RangeError) || r.status !== 'ok') throw e;
    const record = skippedResult({ id: r.id, source: r.source, meta: r.meta, reason: `its result is too large to write (${r.matches.length} matches); split the document` });
    return { record, line: formatter.record(record, ctx, index) };
  }
}

export type { Formatter, ReportContext, RunSummary } from './types.js';
