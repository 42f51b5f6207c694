/**
 * The readers beyond plain text, registered by extension. Importing this module registers them.
 */
import { readFileSync, statSync } from 'node:fs';
import { decodeBytes } from '../decode.js';
import { registerReader, textReader, type ReadOptions, type Reader } from '../documents.js';
import { extensionOf } from '../files.js';
import { docxReader } from './docx.js';
import { jsonlMetaKeys, jsonlReader } from './jsonl.js';
import { csvReader, tableMetaKeys, tableOptions, tsvReader } from './table.js';
import { vttReader } from './vtt.js';

const BY_NAME: Record<string, Reader> = { txt: textReader, csv: csvReader, tsv: tsvReader, jsonl: jsonlReader, vtt: vttReader, docx: docxReader };

registerReader(['csv'], csvReader);
registerReader(['tsv', 'tab'], tsvReader);
registerReader(['jsonl', 'ndjson'], jsonlReader);
registerReader(['vtt'], vttReader);
registerReader(['docx'], docxReader);

/** Formats for --stdin-format. */
export const STDIN_FORMATS = Object.keys(BY_NAME);

export function readerByName(name: string): Reader {
  const r = BY_NAME[name];
  if (!r) throw new Error(`unknown format ${name}`);
  return r;
}

/** Extensions whose files are one document per row/line, with metadata columns. */
const TABULAR: Record<string, 'csv' | 'tsv' | 'jsonl'> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', jsonl: 'jsonl', ndjson: 'jsonl' };

/**
 * The metadata columns of tabular inputs, in order of first appearance, read before scanning so a
 * CSV report can write its header first. Files that cannot be read give none (they are reported
 * when they are read).
 */
export function tabularMetaKeys(files: readonly string[], options: ReadOptions): string[] {
  const keys = new Set<string>();
  const topts = tableOptions(options);
  for (const f of files) {
    const kind = TABULAR[extensionOf(f)];
    if (!kind) continue;
    let text: string;
    try {
      if (statSync(f).size > options.maxFileSize) continue;
      const d = decodeBytes(readFileSync(f));
      if ('skip' in d) continue;
      text = d.text;
    } catch {
      continue;
    }
    for (const k of kind === 'jsonl' ? jsonlMetaKeys(text, topts) : tableMetaKeys(text, kind === 'csv' ? ',' : '\t', topts)) keys.add(k);
  }
  return [...keys];
}

/** Metadata keys of standard input read as a tabular format. */
export function textMetaKeys(text: string, format: string, options: ReadOptions): string[] {
  const topts = tableOptions(options);
  if (format === 'jsonl') return jsonlMetaKeys(text, topts);
  if (format === 'csv' || format === 'tsv') return tableMetaKeys(text, format === 'csv' ? ',' : '\t', topts);
  return [];
}
