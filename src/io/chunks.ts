/**
 * A large file as decoded text, a chunk at a time: CSV/TSV/JSONL exports of hundreds of megabytes
 * are read this way, so memory holds one chunk and the rows in flight, never the whole file. The
 * same checks as `decodeBytes` (BOM, UTF-16, binary, invalid UTF-8); a problem found after the
 * first chunk ends the file with a `ChunkProblem`, after the rows already read.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { TextDecoder } from 'node:util';

const CHUNK_BYTES = 1 << 20;

export class ChunkProblem extends Error {}

export function* readTextChunks(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let decoder: TextDecoder | null = null;
    let offset = 0;
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      let bytes: Uint8Array = buf.subarray(0, n);
      if (first) {
        first = false;
        let encoding = 'utf-8';
        if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
        else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
        const bom = encoding !== 'utf-8' ? 2 : bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
        bytes = bytes.subarray(bom);
        offset = bom;
        if (encoding === 'utf-8' && bytes.subarray(0, 8192).indexOf(0) !== -1) throw new ChunkProblem('binary file (contains NUL bytes)');
        decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
      }
      let text: string;
      try {
        text = decoder!.decode(bytes, { stream: true });
      } catch {
        throw new ChunkProblem(`not valid ${decoder!.encoding.toUpperCase()} in the bytes after offset ${offset}; convert it to UTF-8`);
      }
      offset += bytes.length;
      if (text) yield text;
    }
    if (decoder) {
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
