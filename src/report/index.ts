/** The formatter registry: one pure formatter per output format of `scan`. */
import { csvFormatter } from './csv.js';
import { jsonFormatter } from './json.js';
import { jsonlFormatter } from './jsonl.js';
import { tableFormatter } from './table.js';
import type { Formatter } from './types.js';

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

export type { Formatter, ReportContext, RunSummary } from './types.js';
