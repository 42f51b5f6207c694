/**
 * Spreadsheet-safe CSV (OWASP, "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is taken for a formula by Excel, LibreOffice and Google Sheets
 * (`=HYPERLINK(...)` in a document id or a metadata value would run when the file is opened).
 * Such a cell is written with a leading `'`, which the spreadsheet shows as text. Numbers stay
 * numbers: numeric values are not strings here, and a string that is a plain number (`-1.5` in a
 * metadata column) is left as it is. `--csv-raw` turns this off, for tools that read the CSV back
 * and want the bytes as they were: it is part of each run's resolved options, passed to every CSV
 * writer as a `CsvSafety` value (no module state: two runs in one process never share it).
 */
import type { Input, Options } from 'csv-stringify/sync';
import { csvStringifySync } from './lazy.js';

/** How a CSV writer writes its cells: spreadsheet-safe unless `raw` (--csv-raw). */
export interface CsvSafety {
  raw?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The cell as a spreadsheet will show it as text. */
export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** csv-stringify's options with the safe cast (unless `safety.raw`). */
export function safeCsvOptions(options: Options, safety: CsvSafety): Options {
  return safety.raw === true ? options : { ...options, cast: { ...options.cast, string: (v: string) => spreadsheetSafe(v) } };
}

/** csv-stringify's `stringify`, spreadsheet-safe unless `safety.raw`. */
export function stringify(input: Input, safety: CsvSafety, options: Options = {}): string {
  return csvStringifySync().stringify(input, safeCsvOptions(options, safety));
}
