/**
 * Bytes -> text, or a reason to skip. UTF-8 (with or without BOM) and UTF-16 LE/BE with BOM are
 * read; anything else that is not valid UTF-8, or that looks binary, is a skip with a reason.
 */
export type Decoded = { text: string; encoding: string } | { skip: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Anything but white space (as String.prototype.trim sees it), found without copying the text. */
const HAS_TEXT = /[^\s\ufeff]/;

/** The encoding a file's first bytes name by their BOM (UTF-8 without one), and the BOM's length. */
export function sniffEncoding(head: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: number } {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  return { encoding: utf16ByNuls(head) ?? 'utf-8', bom: 0 };
}

/**
 * UTF-16 without a BOM (Windows exports often lack one), told by the NUL pattern of its first
 * bytes: text in Latin script has a NUL as the high byte of nearly every unit, so one of the two
 * byte positions is NUL in most pairs and the other almost never. A binary file's NULs fall on
 * both. The decoder then checks the whole text (a false guess is a skip, not wrong text).
 */
function utf16ByNuls(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(head.length, 8192) & ~1;
  if (n < 16) return null;
  let even = 0;
  let odd = 0;
  // Control bytes (not tab, line feed, carriage return) where the low byte of a unit would be.
  let evenControl = 0;
  let oddControl = 0;
  const control = (b: number) => b !== 0 && b < 0x20 && b !== 9 && b !== 10 && b !== 13;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
    if (control(head[i]!)) evenControl++;
    if (control(head[i + 1]!)) oddControl++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.4 && even <= pairs * 0.02 && evenControl <= pairs * 0.02) return 'utf-16le';
  if (even >= pairs * 0.4 && odd <= pairs * 0.02 && oddControl <= pairs * 0.02) return 'utf-16be';
  return null;
}

export const BINARY_SKIP = 'binary file (contains NUL bytes)';

/** A NUL byte in the first 8 KB of a UTF-8 body: binary (text files do not carry NULs; UTF-16 is told apart by sniffEncoding). */
export function looksBinary(body: Uint8Array): boolean {
  return body.subarray(0, 8192).indexOf(0) !== -1;
}

export function decodeBytes(buf: Uint8Array): Decoded {
  if (buf.length === 0) return { skip: 'empty file' };
  const { encoding, bom } = sniffEncoding(buf);
  if (encoding !== 'utf-8') return decodeUtf16(buf.subarray(bom), encoding);
  const hasBom = bom > 0;
  const body = buf.subarray(bom);
  if (looksBinary(body)) return { skip: BINARY_SKIP };
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return { skip: `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(body) + (hasBom ? 3 : 0)}); convert it to UTF-8, or name its encoding with --encoding (windows-1252, latin1, utf-16le)` };
  }
  if (!HAS_TEXT.test(text)) return { skip: hasBom || body.length ? 'no text (only white space)' : 'empty file' };
  return { text, encoding: hasBom ? 'utf-8-bom' : 'utf-8' };
}

function decodeUtf16(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(body);
    if (!HAS_TEXT.test(text)) return { skip: 'no text (only white space)' };
    return { text, encoding };
  } catch {
    return { skip: `not valid ${encoding.toUpperCase()}` };
  }
}

/** A byte that is not UTF-8: its offset in the file (a BOM counted) and its line (1-based; \r\n, \r and \n each end one). */
export interface BadByte {
  offset: number;
  line: number;
}

/**
 * UTF-8 that may hold bytes that are not UTF-8, decoded a piece at a time (`final` for the last):
 * each such byte becomes U+FFFD and is pushed to `bad` with its offset and line, so that a table
 * reader skips only the rows those lines belong to, not the file. A piece that is all UTF-8 is
 * decoded natively in one call; only a piece with a bad byte is walked (once) to find them all.
 * A character cut by the end of a piece waits for the next one.
 */
export class LenientUtf8 {
  private line = 1;
  /** The text so far ended with \r: a \n first in the next piece ends no other line. */
  private afterCr = false;
  private carry: Uint8Array = new Uint8Array(0);

  constructor(
    readonly bad: BadByte[],
    /** The file offset of the first byte to come (a BOM's length). */
    private offset = 0,
  ) {}

  decode(bytes: Uint8Array, final = false): string {
    const data = this.carry.length ? Buffer.concat([this.carry, bytes]) : bytes;
    const whole = final ? data.length : completeUtf8Length(data);
    const piece = data.subarray(0, whole);
    let text: string;
    try {
      text = utf8.decode(piece);
      this.countLines(text);
    } catch {
      text = this.walk(piece);
    }
    this.carry = Uint8Array.from(data.subarray(whole));
    this.offset += whole;
    return text;
  }

  private walk(data: Uint8Array): string {
    const parts: string[] = [];
    let pos = 0;
    while (pos < data.length) {
      const bad = pos + firstInvalidUtf8(data.subarray(pos));
      if (bad > pos) {
        const good = utf8.decode(data.subarray(pos, bad));
        this.countLines(good);
        parts.push(good);
      }
      if (bad >= data.length) break;
      this.bad.push({ offset: this.offset + bad, line: this.line });
      parts.push('\ufffd');
      this.afterCr = false;
      pos = bad + 1;
    }
    return parts.join('');
  }

  private countLines(text: string): void {
    if (text.length === 0) return;
    const from = this.afterCr && text.charCodeAt(0) === 10 ? 1 : 0;
    let n = 0;
    for (let i = text.indexOf('\n', from); i !== -1; i = text.indexOf('\n', i + 1)) n++;
    for (let i = text.indexOf('\r', from); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) n++;
    this.line += n;
    this.afterCr = text.charCodeAt(text.length - 1) === 13;
  }
}

/** The length of `data` without a last character whose bytes are not all there yet. */
function completeUtf8Length(data: Uint8Array): number {
  const end = data.length;
  for (let i = end - 1; i >= 0 && i >= end - 3; i--) {
    const b = data[i]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return end - i < size ? i : end;
  }
  return end;
}

/**
 * A table's bytes (CSV, TSV) as text: as `decodeBytes`, except that bytes that are not UTF-8 do not
 * make the file a skip; they are listed in `bad` (see `LenientUtf8`), and the reader skips their rows.
 */
export function decodeTableBytes(buf: Uint8Array): Decoded & { bad?: BadByte[] } {
  const d = decodeBytes(buf);
  if (!('skip' in d) || !d.skip.startsWith('not valid UTF-8')) return d;
  const bom = sniffEncoding(buf).bom;
  const bad: BadByte[] = [];
  const text = new LenientUtf8(bad, bom).decode(buf.subarray(bom), true);
  return { text, encoding: bom ? 'utf-8-bom' : 'utf-8', bad };
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence (as TextDecoder's fatal mode judges). */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const more = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (more === -1 || i + more >= n) return i;
    const c1 = b[i + 1]!;
    // Overlong forms, UTF-16 surrogates and code points over U+10FFFF are not UTF-8.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= more; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return n;
}

/** What --encoding accepts for inputs. */
export const INPUT_ENCODINGS = ['utf-8', 'windows-1252', 'latin1', 'utf-16le'] as const;
export type InputEncoding = (typeof INPUT_ENCODINGS)[number];

/** The hint every "not UTF-8" message ends with. */
export const ENCODING_HINT = 'convert the input to UTF-8, or name its encoding with --encoding (windows-1252, latin1, utf-16le)';

/**
 * Bytes in a named encoding as UTF-8 bytes, so every reader after it reads UTF-8 (a BOM of the
 * encoding is dropped). UTF-8 (or none named) is left as it is. Windows-1252 is decoded as the
 * WHATWG standard does (its 0x80-0x9F are curly quotes, dashes, the euro sign); latin1 byte for byte.
 */
export function transcodeToUtf8(bytes: Uint8Array, encoding: string | undefined): Uint8Array {
  if (encoding === undefined || encoding === 'utf-8') return bytes;
  let text: string;
  if (encoding === 'latin1') text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  else if (encoding === 'windows-1252') text = decodeWindows1252(bytes);
  else text = new TextDecoder(encoding, { ignoreBOM: false }).decode(bytes);
  return Buffer.from(text, 'utf8');
}

/**
 * Windows-1252's 0x80-0x9F (Node's TextDecoder reads this encoding as ISO-8859-1, which leaves them
 * C1 controls): from the WHATWG index; its five undefined bytes stay the code point of their value.
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const latin = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}
