/**
 * JSON Lines exports: one document per line, an object with a text field (--text-column, default
 * `text`) and an id field (--id-column, default `id`; else `file#n`); every other field is
 * metadata (numbers and booleans as text, objects as JSON). A line that is not a JSON object, has
 * no text, or is not UTF-8, is a skipped input naming the file and line; the other lines are read.
 * Files of any size and standard input are read the same way: bytes split into lines, each line
 * decoded by itself (UTF-16 with a BOM is decoded whole, or a chunk at a time).
 */
import type { DocumentItem, Reader } from '../documents.js';
import { normalizeLineEnds, readByteChunks, readTextChunks } from '../chunks.js';
import { BINARY_SKIP, decodeBytes, looksBinary, sniffEncoding } from '../decode.js';
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

/**
 * JSONL read as it arrives (standard input in a pipeline: GNU parallel, a SLURM array task,
 * Spark's RDD.pipe): each line becomes a document as soon as it is complete, so the first results
 * are written before the input ends and memory holds one line at a time.
 */
export async function* streamJsonl(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, file: string, options: TableOptions, id = file): AsyncGenerator<DocumentItem> {
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
        if ('skip' in d) yield { kind: 'skipped', id, source: file, reason: d.skip };
        else yield* streamJsonl([d.text], file, options, id);
        return;
      }
      // NUL bytes at the start: a binary file, one skip (not a skip for every "line" of it).
      if (looksBinary(chunk.subarray(sniffEncoding(chunk).bom))) {
        yield { kind: 'skipped', id, source: file, reason: BINARY_SKIP };
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
  if (n === 0) yield { kind: 'skipped', id, source: file, reason: empty ? (file === 'stdin' ? 'standard input was empty' : 'empty file') : 'no text (only white space)' };
}

/** A JSONL file for `streamJsonl`, a chunk at a time: its raw bytes, or, for UTF-16 with a BOM, its text. */
export function* jsonlFileChunks(path: string): Generator<Uint8Array | string> {
  let first = true;
  for (const chunk of readByteChunks(path)) {
    if (first) {
      first = false;
      if (sniffEncoding(chunk).encoding !== 'utf-8') {
        yield* normalizeLineEnds(readTextChunks(path));
        return;
      }
    }
    yield chunk;
  }
}

/**
 * The text of JSONL chunks in blocks of whole lines, without the lines that are not UTF-8 (which
 * the reader skips) and without a BOM: for the metadata keys read before a scan.
 */
export function* jsonlText(chunks: Iterable<Uint8Array | string>): Generator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let text = '';
  let bytes: Buffer[] = [];
  let first = true;
  const clean = (t: string) => {
    if (!first) return t;
    first = false;
    return t.replace(/^\ufeff/, '');
  };
  for (const chunk of chunks) {
    if (typeof chunk === 'string') {
      text += chunk;
      const cut = text.lastIndexOf('\n');
      if (cut !== -1) {
        yield clean(text.slice(0, cut + 1));
        text = text.slice(cut + 1);
      }
      continue;
    }
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const lines: string[] = [];
    let from = 0;
    let nl: number;
    while ((nl = buf.indexOf(10, from)) !== -1) {
      const line = bytes.length ? Buffer.concat([...bytes, buf.subarray(from, nl)]) : buf.subarray(from, nl);
      bytes = [];
      try {
        lines.push(decoder.decode(line));
      } catch {
        lines.push(''); // not UTF-8: skipped by the reader, so no keys
      }
      from = nl + 1;
    }
    if (from < buf.length) bytes.push(Buffer.from(buf.subarray(from))); // (the chunk's buffer is reused)
    if (lines.length) yield clean(`${lines.join('\n')}\n`);
  }
  if (bytes.length) {
    try {
      text += decoder.decode(Buffer.concat(bytes));
    } catch {
      // a last line that is not UTF-8
    }
  }
  if (text) yield clean(text);
}

/** A JSONL file read whole: line by line as a large file or standard input is (`streamJsonl`). */
export const jsonlReader: Reader = async function* (bytes, id, file, options) {
  yield* streamJsonl([bytes], file, tableOptions(options), id);
};
