/**
 * JSON Lines exports: one document per line, an object with a text field (--text-column, default
 * `text`) and an id field (--id-column, default `id`; else `file#n`); every other field is
 * metadata (numbers and booleans as text, objects as JSON). A line that is not a JSON object, or has
 * no text, is a skipped input naming the file and line; the other lines are read.
 */
import type { DocumentItem, Reader } from '../documents.js';
import { decodeBytes } from '../decode.js';
import { tableOptions, type TableOptions } from './table.js';

function metaValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The key of an object matching `name`: exact first, then ignoring case. */
function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const low = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === low);
}

/** Lines of a JSONL text with their 1-based numbers (blank lines left out). */
function* jsonLines(text: string): Generator<{ line: number; body: string }> {
  let pos = 0;
  let n = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    n++;
    const body = text.slice(pos, nl).trim();
    if (body) yield { line: n, body };
    pos = nl + 1;
  }
}

/** Metadata keys of a JSONL text, in order of first appearance. */
export function jsonlMetaKeys(text: string, options: TableOptions): string[] {
  const keys = new Set<string>();
  for (const { body } of jsonLines(text)) {
    let obj: unknown;
    try {
      obj = JSON.parse(body);
    } catch {
      continue;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) continue;
    const o = obj as Record<string, unknown>;
    const t = keyOf(o, options.textColumn);
    if (t === undefined) continue; // a line without text is skipped when read
    const id = keyOf(o, options.idColumn);
    for (const k of Object.keys(o)) if (k !== t && k !== id) keys.add(k);
  }
  return [...keys];
}

/** One line of a JSONL input: its document, or a skip naming the line. `n` counts non-blank lines. */
function jsonlItem(body: string, line: number, n: number, file: string, options: TableOptions): DocumentItem {
  const skip = (reason: string): DocumentItem => ({ kind: 'skipped', id: `${file}:${line}`, source: `${file}:${line}`, reason: `line ${line}: ${reason}` });
  let obj: unknown;
  try {
    obj = JSON.parse(body);
  } catch (e) {
    return skip(`not valid JSON (${(e as Error).message})`);
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return skip('not a JSON object');
  const o = obj as Record<string, unknown>;
  const textKey = keyOf(o, options.textColumn);
  const value = textKey === undefined ? undefined : o[textKey];
  if (typeof value !== 'string') {
    return skip(textKey === undefined ? `no "${options.textColumn}" field (fields: ${Object.keys(o).join(', ')}); choose one with --text-column` : `"${textKey}" is not a string`);
  }
  const idKey = keyOf(o, options.idColumn);
  const idValue = idKey === undefined ? '' : metaValue(o[idKey]).trim();
  // fromEntries defines own properties: a "__proto__" field stays a field.
  const meta: Record<string, string> = Object.fromEntries(Object.entries(o).filter(([k]) => k !== textKey && k !== idKey).map(([k, v]) => [k, metaValue(v)]));
  return { kind: 'document', id: idValue || `${file}#${n}`, source: `${file}:${line}`, text: value, meta };
}

export function* readJsonl(text: string, file: string, options: TableOptions): Generator<DocumentItem> {
  let n = 0;
  for (const { line, body } of jsonLines(text)) yield jsonlItem(body, line, ++n, file, options);
  if (n === 0) yield { kind: 'skipped', id: file, source: file, reason: 'no text (only white space)' };
}

/**
 * JSONL read as it arrives (standard input in a pipeline: GNU parallel, a SLURM array task,
 * Spark's RDD.pipe): each line becomes a document as soon as it is complete, so the first results
 * are written before the input ends and memory holds one line at a time.
 */
export async function* streamJsonl(chunks: AsyncIterable<Uint8Array | string> | Iterable<string>, file: string, options: TableOptions): AsyncGenerator<DocumentItem> {
  // Bytes are split into lines first (a newline byte never occurs inside a UTF-8 sequence) and each
  // line is decoded strictly, as a whole file would be: a line that is not UTF-8 is reported and
  // skipped, never turned into U+FFFD, and the lines after it are still read.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let line = 0;
  let n = 0;
  const emitText = (raw: string): DocumentItem | null => {
    line++;
    const body = (line === 1 ? raw.replace(/^\ufeff/, '') : raw).trim();
    return body ? jsonlItem(body, line, ++n, file, options) : null;
  };
  const emitBytes = (raw: Uint8Array): DocumentItem | null => {
    let decoded: string;
    try {
      decoded = decoder.decode(raw);
    } catch {
      line++;
      n++;
      return { kind: 'skipped', id: `${file}:${line}`, source: `${file}:${line}`, reason: `line ${line}: not valid UTF-8; convert the input to UTF-8` };
    }
    return emitText(decoded);
  };
  // The unfinished line's pieces: each chunk is searched once, so a 20 MB line costs no more than 20 MB.
  const textParts: string[] = [];
  const byteParts: Buffer[] = [];
  let first = true;
  let empty = true;
  const iterator = (Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]()) as AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string>;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = next.value;
    if (chunk.length) empty = false;
    if (first && typeof chunk !== 'string' && chunk.length) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        // UTF-16 (with its BOM): lines cannot be split as bytes; read it whole, as a file is.
        const parts: Buffer[] = [Buffer.from(chunk)];
        for (let more = await iterator.next(); !more.done; more = await iterator.next()) parts.push(Buffer.from(more.value));
        const d = decodeBytes(Buffer.concat(parts));
        if ('skip' in d) yield { kind: 'skipped', id: file, source: file, reason: d.skip };
        else yield* streamJsonl([d.text], file, options);
        return;
      }
    }
    if (typeof chunk === 'string') {
      let from = 0;
      let nl: number;
      while ((nl = chunk.indexOf('\n', from)) !== -1) {
        const item = emitText(textParts.join('') + chunk.slice(from, nl));
        textParts.length = 0;
        from = nl + 1;
        if (item) yield item;
      }
      if (from < chunk.length) textParts.push(chunk.slice(from));
    } else {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      let from = 0;
      let nl: number;
      while ((nl = buf.indexOf(10, from)) !== -1) {
        const item = emitBytes(Buffer.concat([...byteParts, buf.subarray(from, nl)]));
        byteParts.length = 0;
        from = nl + 1;
        if (item) yield item;
      }
      if (from < buf.length) byteParts.push(Buffer.from(buf.subarray(from)));
    }
  }
  const last = textParts.length ? emitText(textParts.join('')) : byteParts.length ? emitBytes(Buffer.concat(byteParts)) : null;
  if (last) yield last;
  if (n === 0) yield { kind: 'skipped', id: file, source: file, reason: empty ? (file === 'stdin' ? 'standard input was empty' : 'the file is empty') : 'no text (only white space)' };
}

export const jsonlReader: Reader = function* (bytes, id, file, options) {
  const d = decodeBytes(bytes);
  if ('skip' in d) {
    yield { kind: 'skipped', id, source: file, reason: d.skip };
    return;
  }
  yield* readJsonl(d.text, file, tableOptions(options));
};
