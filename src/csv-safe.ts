/**
 * Spreadsheet-safe CSV (OWASP, "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is taken for a formula by Excel, LibreOffice and Google Sheets
 * (`=HYPERLINK(...)` in a document id or a metadata value would run when the file is opened).
 * Such a cell is written with a leading `'`, which the spreadsheet shows as text. Numbers stay
 * numbers: numeric values are not strings here, and a string that is a plain number (`-1.5` in a
 * metadata column) is left as it is. `--csv-raw` turns this off (`csvSafety.raw`), for tools that
 * read the CSV back and want the bytes as they were.
 */
import type { Input, Options } from 'csv-stringify/sync';
import { csvStringifySync } from './lazy.js';

/** Set once by the CLI (--csv-raw) before any output; read by every CSV writer of this thread. */
export const csvSafety = { raw: false };

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The cell as a spreadsheet will show it as text. */
export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** csv-stringify's options with the safe cast (unless `raw`). */
export function safeCsvOptions(options: Options = {}, raw = csvSafety.raw): Options {
  return raw ? options : { ...options, cast: { ...options.cast, string: (v: string) => spreadsheetSafe(v) } };
}

/** csv-stringify's `stringify`, spreadsheet-safe unless --csv-raw. */
export function stringify(input: Input, options: Options = {}): string {
  return csvStringifySync().stringify(input, safeCsvOptions(options));
}
