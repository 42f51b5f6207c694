/**
 * A large file as decoded text, a chunk at a time: CSV/TSV/JSONL exports of hundreds of megabytes
 * are read this way, so memory holds one chunk and the rows in flight, never the whole file. The
 * encodings `decodeBytes` accepts (UTF-8, UTF-16 with a BOM; NUL bytes mean binary). In UTF-8, a
 * byte that is not UTF-8 becomes U+FFFD and is listed in `bad` with its offset and line (a table
 * reader skips the rows they are on, see `LenientUtf8`); UTF-16 that breaks ends the file with a
 * `ChunkProblem`, after the text of the chunks before the one that breaks has been yielded.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { BINARY_SKIP, LenientUtf8, looksBinary, sniffEncoding, type BadByte } from './decode.js';

/**
 * 32 KB: a chunk's text (64 KB at most, as UTF-16) stays in V8's young generation, and dies there.
 * 1 MiB chunks went to the large-object space, old generation, and piled up between full
 * collections: a 234 MB CSV scanned on the main thread peaked at 232 MB, now 116 MB (with its
 * worker, 285-305 MB, now 190 MB), in the same time.
 */
export const CHUNK_BYTES = 1 << 15;

/** A file that cannot be read on: binary, or UTF-16 that breaks partway (the chunks before it have been yielded). */
export class ChunkProblem extends Error {}

export function* readTextChunks(path: string, bad: BadByte[] = []): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let utf8: LenientUtf8 | null = null;
    let utf16: TextDecoder | null = null;
    // The file offset of the next bytes (for UTF-16's problems).
    let base = 0;
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      let bytes: Uint8Array = buf.subarray(0, n);
      if (first) {
        first = false;
        const { encoding, bom } = sniffEncoding(bytes);
        bytes = bytes.subarray(bom);
        base = bom;
        if (encoding === 'utf-8') {
          if (looksBinary(bytes)) throw new ChunkProblem(BINARY_SKIP);
          utf8 = new LenientUtf8(bad, bom);
        } else utf16 = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
      }
      let text: string;
      if (utf8) text = utf8.decode(bytes);
      else {
        try {
          text = utf16!.decode(bytes, { stream: true });
        } catch {
          throw new ChunkProblem(`not valid ${utf16!.encoding.toUpperCase()} in the bytes after offset ${base}; the rest of the file was not read (convert it to UTF-8)`);
        }
        base += bytes.length;
      }
      if (text) yield text;
    }
    let rest = '';
    if (utf8) rest = utf8.decode(new Uint8Array(0), true);
    else if (utf16) {
      try {
        rest = utf16.decode();
      } catch {
        throw new ChunkProblem(`not valid ${utf16.encoding.toUpperCase()} at the end of the file`);
      }
    }
    if (rest) yield rest;
  } finally {
    closeSync(fd);
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
