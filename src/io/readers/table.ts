/**
 * CSV and TSV exports: one document per row. The text column (--text-column, default `text`) is
 * the document, the id column (--id-column, default `id`; else `file#row`) its id, and every other
 * column its metadata. A row that cannot be read (an unbalanced quote, a wrong number of fields) is
 * a skipped input naming the file and line, and reading goes on with the next row.
 *
 * Line ends are made \n before parsing. Well-formed records (fields unquoted, or quoted with line
 * breaks and doubled quotes inside) are split by `fastRecord`; from the first record that is not,
 * csv-parse reads the rest (BOM, relaxed quotes, bad-row reports), fed in chunks so records stream
 * out. Both give the same rows and lines (a randomized test). Resynchronising: with `relax_quotes`
 * a stray quote inside a field is kept as a character, and a row that comes out with the wrong
 * number of fields is skipped. When a stray quote swallowed several lines (a quote opened and never
 * closed), the lines after the bad row's first line are parsed again on their own, so the rows it
 * swallowed are not lost.
 */
import { once } from 'node:events';
import type { CsvError, Options } from 'csv-parse';
import { csvParse, csvParseSync } from '../../lazy.js';
import type { DocumentItem, ReadOptions, Reader } from '../documents.js';
import { decodeTableBytes, ENCODING_HINT, type BadByte } from '../decode.js';

export interface TableOptions {
  textColumn: string;
  idColumn: string;
}

export function tableOptions(options: ReadOptions): TableOptions {
  return {
    textColumn: typeof options.textColumn === 'string' ? options.textColumn : 'text',
    idColumn: typeof options.idColumn === 'string' ? options.idColumn : 'id',
  };
}

/** A parsed row or a row that could not be read, with its 1-based first line in the file. */
export type RowEvent = { kind: 'row'; fields: string[]; line: number } | { kind: 'bad'; line: number; lines: number; reason: string; rest: string | null };

const CHUNK = 1 << 16;

function baseOptions(delimiter: string): Options {
  return { delimiter, bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, info: true, raw: true };
}

const countNewlines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * The record's raw text without its final record delimiter, and without the blank lines before it:
 * csv-parse puts the empty lines it skipped at the start of the next record's raw text (its line
 * count is right; a record's first line must be counted back from it without them).
 */
const trimDelimiter = (raw: string) => raw.replace(/\r?\n$|\r$/, '').replace(/^\n+/, '');

function quoteReason(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quote opened in this row is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a stray quote inside a quoted field';
    default:
      return err.message.replace(/ on line \d+$| at line \d+$/, '');
  }
}

/** A bad record from its raw text: where it starts, and the lines after its first to read again. */
function badRecord(raw: string, endLine: number, reason: string): RowEvent {
  const body = trimDelimiter(raw);
  const extra = countNewlines(body);
  const nl = body.indexOf('\n');
  return { kind: 'bad', line: endLine - extra, lines: extra + 1, reason, rest: nl === -1 ? null : body.slice(nl + 1) };
}

/**
 * Is a record's raw text valid without relaxed quotes (RFC 4180: a quote only opens a field, closes
 * it before a delimiter or line end, or is doubled inside it)? One pass over the characters: most
 * multi-line rows of a note export are quoted paragraphs, and parsing each twice halved throughput.
 */
export function strictOk(raw: string, delimiter: string): boolean {
  const d = delimiter.charCodeAt(0);
  const n = raw.length;
  let i = 0;
  let fieldStart = true;
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (fieldStart && c === 34) {
      // a quoted field: up to its closing quote
      i++;
      for (;;) {
        if (i >= n) return false; // never closed
        if (raw.charCodeAt(i) === 34) {
          if (raw.charCodeAt(i + 1) === 34) i += 2;
          else break;
        } else i++;
      }
      i++; // the closing quote
      if (i < n) {
        const after = raw.charCodeAt(i);
        if (after !== d && after !== 10 && after !== 13) return false;
      }
      fieldStart = false;
      continue;
    }
    if (c === 34) return false; // a quote inside an unquoted field
    fieldStart = c === d || c === 10 || c === 13;
    i++;
  }
  return true;
}

/**
 * A record over several lines that is only valid with relaxed quotes: a stray quote opened a field
 * that swallowed the lines after it. It is a bad row, and the lines after its first are read again.
 */
function recordEvent(record: string[], raw: string, endLine: number, delimiter: string): RowEvent {
  const body = trimDelimiter(raw);
  const line = endLine - countNewlines(body);
  if (body.includes('\n') && body.includes('"') && !strictOk(body, delimiter)) return badRecord(raw, endLine, 'a stray quote: the row ran on over the lines after it');
  return { kind: 'row', fields: record, line };
}

/** What `fastRecord` found at a position: a record (or an empty line), more text needed, or something irregular. */
type FastRecord = { fields: string[] | null; end: number; newlines: number } | 'more' | 'irregular';

const QUOTE = 34;
const NEWLINE = 10;

/**
 * One record of a well-formed table at `text[pos]` (line ends already \n): fields unquoted (no
 * quote in them) or quoted (doubled quotes inside, the closing quote followed by the delimiter or a
 * line end). `fields` is null for an empty line, which csv-parse skips. 'more': the record may go on
 * past the text (and more text may come, `final` false); 'irregular': anything else, for csv-parse.
 */
function fastRecord(text: string, pos: number, delimiter: number, final: boolean): FastRecord {
  const n = text.length;
  if (text.charCodeAt(pos) === NEWLINE) return { fields: null, end: pos + 1, newlines: 1 };
  const fields: string[] = [];
  let newlines = 0;
  let nextNewline = -2; // not looked for yet
  let i = pos;
  for (;;) {
    let after: number;
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1 || q + 1 >= n) {
          if (!final) return 'more'; // the closing quote (or its doubling) may be in the next chunk
          if (q === -1) return 'irregular'; // never closed
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        // Line ends inside the field, from the next line end known so far (each is looked at once:
        // a search from every field to the record's end would be quadratic on a long line).
        if (nextNewline !== -1 && nextNewline < i) nextNewline = text.indexOf('\n', i);
        while (nextNewline !== -1 && nextNewline < q) {
          newlines++;
          nextNewline = text.indexOf('\n', nextNewline + 1);
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i >= n) return final ? { fields, end: i, newlines } : 'more';
      after = text.charCodeAt(i);
      if (after !== delimiter && after !== NEWLINE) return 'irregular';
    } else {
      let k = i;
      let c = 0;
      while (k < n) {
        c = text.charCodeAt(k);
        if (c === delimiter || c === NEWLINE) break;
        if (c === QUOTE) return 'irregular'; // a quote inside an unquoted field: csv-parse's relaxed rules
        k++;
      }
      if (k >= n) {
        if (!final) return 'more';
        fields.push(text.slice(i, k));
        return { fields, end: k, newlines };
      }
      fields.push(text.slice(i, k));
      i = k;
      after = c;
    }
    i++; // past the delimiter or the line end
    if (after === NEWLINE) return { fields, end: i, newlines: newlines + 1 };
    if (i >= n) {
      // a delimiter at the very end: one more, empty, field
      if (!final) return 'more';
      fields.push('');
      return { fields, end: i, newlines };
    }
  }
}

/** A record still unfinished after this much text goes to csv-parse (it streams long fields; this path would re-read them). */
const FAST_RECORD_LIMIT = 4 << 20;

/**
 * Rows of a text, streamed. Well-formed tables (nearly every export) are split here, several times
 * faster than csv-parse, which was most of the main thread's time on a CSV export; from the first
 * record that is not plainly well-formed to the end, csv-parse reads the rest with its relaxed
 * rules and its reports of bad rows. A test holds both paths to the same rows.
 * `firstLine` is the file line of the text's start.
 */
export async function* streamRows(source: string | Iterable<string>, delimiter: string, firstLine: number, fast = true): AsyncGenerator<RowEvent> {
  if (!fast || delimiter.length !== 1) {
    yield* csvParseRows(source, delimiter, firstLine);
    return;
  }
  const d = delimiter.charCodeAt(0);
  const chunks = (typeof source === 'string' ? [source] : source)[Symbol.iterator]();
  let text = '';
  let pos = 0;
  let line = firstLine;
  let final = false;
  let started = false;
  for (;;) {
    const r: FastRecord = pos < text.length ? fastRecord(text, pos, d, final) : 'more';
    if (r === 'more') {
      if (final) return;
      if (text.length - pos > FAST_RECORD_LIMIT) {
        yield* csvParseRows(rest(text.slice(pos), chunks), delimiter, line);
        return;
      }
      const next = chunks.next();
      if (next.done) final = true;
      else {
        let chunk = next.value;
        if (!started && firstLine === 1 && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // as csv-parse's bom option
        if (chunk) started = true;
        text = pos < text.length ? text.slice(pos) + chunk : chunk;
        pos = 0;
      }
      continue;
    }
    if (r === 'irregular') {
      yield* csvParseRows(rest(text.slice(pos), chunks), delimiter, line);
      return;
    }
    if (r.fields !== null) yield { kind: 'row', fields: r.fields, line };
    line += r.newlines;
    pos = r.end;
  }
}

/** `head`, then what is left of `chunks`. */
function* rest(head: string, chunks: Iterator<string>): Generator<string> {
  if (head) yield head;
  for (let next = chunks.next(); !next.done; next = chunks.next()) yield next.value;
}

/** Rows of a text, streamed: csv-parse fed in chunks. `firstLine` is the file line of the text's start. */
async function* csvParseRows(source: string | Iterable<string>, delimiter: string, firstLine: number): AsyncGenerator<RowEvent> {
  const pending: RowEvent[] = [];
  const parser = csvParse().parse({
    ...baseOptions(delimiter),
    on_skip: (err: CsvError | undefined, raw?: string) => {
      if (!err) return;
      const end = ((err as unknown as { lines?: number }).lines ?? 1) + firstLine - 1;
      pending.push(badRecord(raw ?? '', end, quoteReason(err)));
    },
  });
  // A problem reading a later chunk (UTF-16 that breaks) ends the input there: the rows
  // written so far are parsed and yielded, then the problem is raised.
  let problem: unknown = null;
  const feed = (async () => {
    try {
      if (typeof source === 'string') {
        for (let i = 0; i < source.length; i += CHUNK) if (!parser.write(source.slice(i, i + CHUNK))) await once(parser, 'drain');
      } else {
        for (const chunk of source) if (!parser.write(chunk)) await once(parser, 'drain');
      }
    } catch (e) {
      problem = e;
    }
    parser.end();
  })();
  for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
    const e = recordEvent(r.record, r.raw, r.info.lines + firstLine - 1, delimiter);
    while (pending.length && pending[0]!.line < e.line) yield pending.shift()!;
    yield e;
  }
  await feed;
  yield* pending;
  if (problem !== null) throw problem;
}

/** The same, all at once, for the lines a bad record swallowed (usually few). */
function syncRows(text: string, delimiter: string, firstLine: number): RowEvent[] {
  const events: RowEvent[] = [];
  const records = csvParseSync().parse(text, {
    ...baseOptions(delimiter),
    bom: false,
    on_skip: (err: CsvError | undefined, raw?: string) => {
      if (err) events.push(badRecord(raw ?? '', ((err as unknown as { lines?: number }).lines ?? 1) + firstLine - 1, quoteReason(err)));
    },
  }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
  for (const r of records) {
    events.push(recordEvent(r.record, r.raw, r.info.lines + firstLine - 1, delimiter));
  }
  return events.sort((a, b) => a.line - b.line);
}

/** Unique, non-empty column names. */
export function headerNames(fields: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return fields.map((f, i) => {
    let name = f.trim() || `column_${i + 1}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name}_${n}`;
    return name;
  });
}

/** The index of a column: exact name first, then ignoring case. */
export function columnIndex(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  return exact !== -1 ? exact : header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
}

/** The metadata columns of a CSV/TSV text: its header without the text and id columns. */
export function tableMetaKeys(text: string, delimiter: string, options: TableOptions): string[] {
  let first: string[] | undefined;
  try {
    first = (csvParseSync().parse(text.slice(0, 1 << 20), { ...baseOptions(delimiter), info: false, raw: false, to: 1 }) as string[][])[0];
  } catch {
    first = undefined;
  }
  if (!first) return [];
  const header = headerNames(first);
  const t = columnIndex(header, options.textColumn);
  const id = columnIndex(header, options.idColumn);
  return header.filter((_, i) => i !== t && i !== id);
}

/**
 * The documents of a table: one per row, with the other columns as metadata. `bad`: bytes that were
 * not UTF-8 (U+FFFD in the text; see `LenientUtf8`), in order; for a file read a chunk at a time the
 * list grows as chunks are decoded, always before the rows of those chunks come. A row on whose
 * lines one falls is a skip naming it; the rows around it are read.
 */
export async function* readTable(text: string | Iterable<string>, delimiter: string, file: string, options: TableOptions, bad: readonly BadByte[] = []): AsyncGenerator<DocumentItem> {
  let header: string[] | null = null;
  let textAt = -1;
  let idAt = -1;
  let row = 0;
  const skipRow = (line: number, reason: string): DocumentItem => ({ kind: 'skipped', id: `${file}:${line}`, source: `${file}:${line}`, reason: `line ${line}: ${reason}` });
  // Rows come in order of line (rows read again after a malformed one start after its first line).
  let nextBad = 0;
  const badByteIn = (line: number, fields: readonly string[]): BadByte | undefined => {
    while (nextBad < bad.length && bad[nextBad]!.line < line) nextBad++;
    if (nextBad >= bad.length) return undefined;
    let last = line;
    for (const f of fields) last += countNewlines(f);
    const found = bad[nextBad]!;
    if (found.line > last) return undefined;
    while (nextBad < bad.length && bad[nextBad]!.line <= last) nextBad++;
    return found;
  };
  const notUtf8 = (b: BadByte, rowLine: number) => `not valid UTF-8 at byte ${b.offset}${b.line !== rowLine ? ` (line ${b.line})` : ''}; ${ENCODING_HINT}`;

  async function* events(src: AsyncIterable<RowEvent> | Iterable<RowEvent>): AsyncGenerator<DocumentItem | 'stop'> {
    for await (const e of src) {
      if (e.kind === 'bad') {
        const span = e.lines > 1 ? ` (lines ${e.line + 1}-${e.line + e.lines - 1}, which it ran on over, were read again as rows)` : '';
        yield skipRow(e.line, `malformed row, skipped: ${e.reason}${span}`);
        if (e.rest !== null) yield* events(syncRows(e.rest, delimiter, e.line + 1));
        continue;
      }
      const badByte = badByteIn(e.line, e.fields);
      if (!header && badByte) {
        yield { kind: 'skipped', id: file, source: file, reason: `line ${e.line}: the header row is ${notUtf8(badByte, e.line)}` };
        yield 'stop';
        return;
      }
      if (!header) {
        header = headerNames(e.fields);
        textAt = columnIndex(header, options.textColumn);
        idAt = columnIndex(header, options.idColumn);
        if (textAt === -1) {
          yield { kind: 'skipped', id: file, source: file, reason: `no column "${options.textColumn}" (columns: ${header.join(', ')}); choose one with --text-column` };
          yield 'stop';
          return;
        }
        continue;
      }
      row++;
      if (badByte) {
        yield skipRow(e.line, notUtf8(badByte, e.line));
        continue;
      }
      if (e.fields.length !== header.length) {
        const n = e.fields.length;
        yield skipRow(e.line, `malformed row, skipped: ${n} field${n === 1 ? '' : 's'} where the header has ${header.length}${n > header.length ? ' (a stray quote or an unquoted delimiter?)' : ''}`);
        continue;
      }
      const entries: [string, string][] = [];
      let textLine = e.line;
      e.fields.forEach((v, i) => {
        if (i === textAt) return;
        if (i < textAt) textLine += countNewlines(v);
        if (i !== idAt) entries.push([header![i]!, v]);
      });
      // fromEntries defines own properties: a "__proto__" column stays a column.
      const meta: Record<string, string> = Object.fromEntries(entries);
      const idValue = idAt === -1 ? '' : e.fields[idAt]!.trim();
      yield {
        kind: 'document',
        id: idValue || `${file}#${row}`,
        source: `${file}:${e.line}`,
        text: e.fields[textAt]!,
        meta,
        lineOffset: textLine,
      };
    }
  }
  for await (const item of events(streamRows(text, delimiter, 1))) {
    if (item === 'stop') return;
    yield item;
  }
  if (!header) yield { kind: 'skipped', id: file, source: file, reason: 'no rows (not even a header)' };
}

function tableReader(delimiter: string): Reader {
  return async function* (bytes, id, file, options) {
    const d = decodeTableBytes(bytes);
    if ('skip' in d) {
      yield { kind: 'skipped', id, source: file, reason: d.skip };
      return;
    }
    // Line ends are made \n first: csv-parse counts a CRLF inside a quoted field as two lines, and
    // cell texts are documents of their own, so their offsets do not depend on it.
    yield* readTable(d.text.replace(/\r\n?/g, '\n'), delimiter, file, tableOptions(options), d.bad);
  };
}

export const csvReader = tableReader(',');
export const tsvReader = tableReader('\t');
