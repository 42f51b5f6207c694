/**
 * Libraries loaded on first use, not at start-up: a scan of plain text never needs the CSV parser,
 * the CSV writer or chalk, and each costs 10-20 ms to import. `require` is synchronous, so the
 * readers and formatters that use them stay synchronous too.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let csvParseModule: typeof import('csv-parse') | undefined;
let csvParseSyncModule: typeof import('csv-parse/sync') | undefined;
let csvStringifySyncModule: typeof import('csv-stringify/sync') | undefined;
let chalkModule: typeof import('chalk') | undefined;

export function csvParse(): typeof import('csv-parse') {
  return (csvParseModule ??= require('csv-parse') as typeof import('csv-parse'));
}

export function csvParseSync(): typeof import('csv-parse/sync') {
  return (csvParseSyncModule ??= require('csv-parse/sync') as typeof import('csv-parse/sync'));
}

export function csvStringifySync(): typeof import('csv-stringify/sync') {
  return (csvStringifySyncModule ??= require('csv-stringify/sync') as typeof import('csv-stringify/sync'));
}

export function chalk(): typeof import('chalk') {
  return (chalkModule ??= require('chalk') as typeof import('chalk'));
}
