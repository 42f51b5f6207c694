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
import { BINARY_SKIP, decodeBytes, ENCODING_HINT, looksBinary, sniffEncoding } from '../decode.js';
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
 * JSONL input split into lines as it comes, from bytes or text. Bytes are split at newline bytes (a
 * newline byte never occurs inside a UTF-8 sequence) and each line is decoded strictly by itself,
 * as a whole file would be: a line that is not UTF-8 comes out as null (never turned into U+FFFD),
 * and the lines after it are still read. A BOM before the first line is dropped. The unfinished
 * line waits in pieces, so each chunk is searched once (a 20 MB line costs no more than 20 MB).
 * Used by the reader and by the metadata-key scan, so both see the same lines.
 */
class JsonlLines {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly textParts: string[] = [];
  private readonly byteParts: Buffer[] = [];
  private started = false;
  private sniffed = false;
  /** The first bytes held a NUL: a binary file, not JSONL (the caller stops). */
  binary = false;

  /** The lines this chunk completes, in order. */
  push(chunk: Uint8Array | string): (string | null)[] {
    const out: (string | null)[] = [];
    if (typeof chunk === 'string') {
      let from = 0;
      let nl: number;
      while ((nl = chunk.indexOf('\n', from)) !== -1) {
        out.push(this.first(this.textParts.join('') + chunk.slice(from, nl)));
        this.textParts.length = 0;
        from = nl + 1;
      }
      if (from < chunk.length) this.textParts.push(chunk.slice(from));
      return out;
    }
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!this.sniffed && buf.length) {
      this.sniffed = true;
      if (looksBinary(buf.subarray(sniffEncoding(buf).bom))) {
        this.binary = true;
        return out;
      }
    }
    let from = 0;
    let nl: number;
    while ((nl = buf.indexOf(10, from)) !== -1) {
      out.push(this.decode(this.byteParts.length ? Buffer.concat([...this.byteParts, buf.subarray(from, nl)]) : buf.subarray(from, nl)));
      this.byteParts.length = 0;
      from = nl + 1;
    }
    // Copied: a chunk's buffer may be reused for the next chunk (io/chunks.ts readByteChunks).
    if (from < buf.length) this.byteParts.push(Buffer.from(buf.subarray(from)));
    return out;
  }

  /** The last line, if the input did not end with a line end. */
  end(): (string | null)[] {
    if (this.textParts.length) return [this.first(this.textParts.join(''))];
    if (this.byteParts.length) return [this.decode(Buffer.concat(this.byteParts))];
    return [];
  }

  private decode(raw: Uint8Array): string | null {
    try {
      return this.first(this.decoder.decode(raw));
    } catch {
      this.started = true;
      return null;
    }
  }

  private first(line: string): string {
    if (this.started) return line;
    this.started = true;
    return line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  }
}

/**
 * JSONL read as it arrives (standard input in a pipeline: GNU parallel, a SLURM array task,
 * Spark's RDD.pipe): each line becomes a document as soon as it is complete, so the first results
 * are written before the input ends and memory holds one line at a time. Files of any size are read
 * the same way. A bad line is a skip naming it; a binary input is one skip.
 */
export async function* streamJsonl(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, file: string, options: TableOptions, id = file): AsyncGenerator<DocumentItem> {
  const lines = new JsonlLines();
  let line = 0;
  let n = 0;
  const emit = (text: string | null): DocumentItem | null => {
    line++;
    if (text === null) {
      n++;
      return { kind: 'skipped', id: `${file}:${line}`, source: `${file}:${line}`, reason: `line ${line}: not valid UTF-8; ${ENCODING_HINT}` };
    }
    const body = text.trim();
    return body ? jsonlItem(body, line, ++n, file, options) : null;
  };
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
      if (sniffEncoding(chunk).encoding !== 'utf-8') {
        // UTF-16 (with its BOM): lines cannot be split as bytes; read it whole, as a file is.
        const parts: Buffer[] = [Buffer.from(chunk)];
        for (let more = await iterator.next(); !more.done; more = await iterator.next()) parts.push(Buffer.from(more.value));
        const d = decodeBytes(Buffer.concat(parts));
        if ('skip' in d) yield { kind: 'skipped', id, source: file, reason: d.skip };
        else yield* streamJsonl([d.text], file, options, id);
        return;
      }
    }
    for (const text of lines.push(chunk)) {
      const item = emit(text);
      if (item) yield item;
    }
    if (lines.binary) {
      yield { kind: 'skipped', id, source: file, reason: BINARY_SKIP };
      return;
    }
  }
  for (const text of lines.end()) {
    const item = emit(text);
    if (item) yield item;
  }
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
 * The text of JSONL chunks in blocks of whole lines, as the reader splits them: lines that are not
 * UTF-8 (which the reader skips) left empty, no BOM, nothing for a binary file. For the metadata
 * keys read before a scan.
 */
export function* jsonlText(chunks: Iterable<Uint8Array | string>): Generator<string> {
  const lines = new JsonlLines();
  for (const chunk of chunks) {
    const block = lines.push(chunk);
    if (lines.binary) return;
    if (block.length) yield `${block.map((l) => l ?? '').join('\n')}\n`;
  }
  const last = lines.end();
  if (last.length) yield last[0] ?? '';
}

/** A JSONL file read whole: line by line as a large file or standard input is (`streamJsonl`). */
export const jsonlReader: Reader = async function* (bytes, id, file, options) {
  yield* streamJsonl([bytes], file, tableOptions(options), id);
};
