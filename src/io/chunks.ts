/**
 * A large file as decoded text, a chunk at a time: CSV/TSV/JSONL exports of hundreds of megabytes
 * are read this way, so memory holds one chunk and the rows in flight, never the whole file. The
 * encodings `decodeBytes` accepts (UTF-8, UTF-16 with a BOM; NUL bytes mean binary). Bytes that are
 * not UTF-8 partway: given a `bad` list, each becomes U+FFFD and is listed with its offset and line
 * (a table reader skips the rows they are on, see `LenientUtf8`); without one, they end the file
 * with a `ChunkProblem` naming their offset, after the whole lines before them have been yielded.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { BINARY_SKIP, completeUtf8Length, firstInvalidUtf8, LenientUtf8, looksBinary, sniffEncoding, type BadByte } from './decode.js';

/**
 * 32 KB: a chunk's text (64 KB at most, as UTF-16) stays in V8's young generation, and dies there.
 * 1 MiB chunks went to the large-object space, old generation, and piled up between full
 * collections: a 234 MB CSV scanned on the main thread peaked at 232 MB, now 116 MB (with its
 * worker, 285-305 MB, now 190 MB), in the same time.
 */
export const CHUNK_BYTES = 1 << 15;

/** A problem partway through a file; `before` is the text decoded up to it (still to be read). */
export class ChunkProblem extends Error {
  constructor(
    message: string,
    readonly before = '',
  ) {
    super(message);
  }
}

export function* readTextChunks(path: string, bad?: BadByte[]): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let decoder: TextDecoder | null = null;
    let utf8 = false;
    // UTF-8: the bytes of a character cut by the chunk's end wait for the next chunk, so each
    // chunk decodes whole and a bad byte is found exactly (`base`: the file offset of `carry`).
    let carry: Uint8Array = new Uint8Array(0);
    let base = 0;
    let first = true;
    let lenient: LenientUtf8 | null = null;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      let bytes: Uint8Array = buf.subarray(0, n);
      if (first) {
        first = false;
        const { encoding, bom } = sniffEncoding(bytes);
        bytes = bytes.subarray(bom);
        base = bom;
        if (encoding === 'utf-8' && looksBinary(bytes)) throw new ChunkProblem(BINARY_SKIP);
        utf8 = encoding === 'utf-8';
        decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
        if (utf8 && bad) lenient = new LenientUtf8(bad, bom);
      }
      if (lenient) {
        const text = lenient.decode(bytes);
        if (text) yield text;
        continue;
      }
      if (utf8) {
        const data = carry.length ? Buffer.concat([carry, bytes]) : bytes;
        const whole = completeUtf8Length(data);
        let text: string;
        try {
          text = decodeUtf8Prefix(decoder!, data.subarray(0, whole), base);
        } catch (e) {
          // The whole lines before the bad byte are still read; then the file ends with the problem.
          if (e instanceof ChunkProblem) {
            const lines = e.before.slice(0, e.before.lastIndexOf('\n') + 1);
            if (lines) yield lines;
          }
          throw e;
        }
        carry = Uint8Array.from(data.subarray(whole));
        base += whole;
        if (text) yield text;
        continue;
      }
      let text: string;
      try {
        text = decoder!.decode(bytes, { stream: true });
      } catch {
        throw new ChunkProblem(`not valid ${decoder!.encoding.toUpperCase()} in the bytes after offset ${base}; the rest of the file was not read (convert it to UTF-8)`);
      }
      base += bytes.length;
      if (text) yield text;
    }
    if (lenient) {
      const rest = lenient.decode(new Uint8Array(0), true);
      if (rest) yield rest;
    }
    if (utf8 && carry.length) throw new ChunkProblem(`not valid UTF-8 at byte ${base} (the file ends inside a character)`);
    if (decoder && !utf8) {
      let rest: string;
      try {
        rest = decoder.decode();
      } catch {
        throw new ChunkProblem(`not valid ${decoder.encoding.toUpperCase()} at the end of the file`);
      }
      if (rest) yield rest;
    }
  } finally {
    closeSync(fd);
  }
}

/** `data` decoded; a byte that is not UTF-8 is a problem naming its offset and carrying the text before it. */
function decodeUtf8Prefix(decoder: TextDecoder, data: Uint8Array, base: number): string {
  try {
    return decoder.decode(data);
  } catch {
    const bad = firstInvalidUtf8(data);
    throw new ChunkProblem(`not valid UTF-8 at byte ${base + bad}; the rest of the file was not read (convert it to UTF-8)`, decoder.decode(data.subarray(0, bad)));
  }
}

/**
 * A file's raw bytes, a chunk at a time. The buffer is reused for the next chunk: a reader copies
 * what it keeps (JSONL splits bytes into lines and decodes each line by itself).
 */
export function* readByteChunks(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Line ends made \n across chunk boundaries (a \r at a chunk's end waits for the next chunk). */
export function* normalizeLineEnds(chunks: Iterable<string>): Generator<string> {
  let carry = '';
  for (const chunk of chunks) {
    let text = carry + chunk;
    carry = '';
    if (text.endsWith('\r')) {
      carry = '\r';
      text = text.slice(0, -1);
    }
    if (text) yield text.replace(/\r\n?/g, '\n');
  }
  if (carry) yield '\n';
}
