/**
 * Bytes -> text, or a reason to skip. UTF-8 (with or without BOM) and UTF-16 LE/BE with BOM are
 * read; anything else that is not valid UTF-8, or that looks binary, is a skip with a reason.
 */
export type Decoded = { text: string; encoding: string } | { skip: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Anything but white space (as String.prototype.trim sees it), found without copying the text. */
const HAS_TEXT = /[^\s\ufeff]/;

export function decodeBytes(buf: Uint8Array): Decoded {
  if (buf.length === 0) return { skip: 'empty file' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return decodeUtf16(buf.subarray(2), 'utf-16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return decodeUtf16(buf.subarray(2), 'utf-16be');
  const hasBom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = hasBom ? buf.subarray(3) : buf;
  // A NUL byte in the first 8 KB: binary (text files do not carry NULs; UTF-16 was handled above).
  const head = body.subarray(0, 8192);
  if (head.indexOf(0) !== -1) return { skip: 'binary file (contains NUL bytes)' };
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return { skip: `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(body) + (hasBom ? 3 : 0)}); convert it to UTF-8` };
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

/** Offset of the first byte that breaks UTF-8, for the skip message. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}
