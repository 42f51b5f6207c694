/**
 * A small, strict reader for the zip files that .docx documents are: the central directory is read
 * from the end of the file and one named entry is extracted (stored or deflated, via node:zlib).
 * Sizes are checked before inflating, so a zip bomb is refused rather than expanded. ZIP64 and
 * encrypted entries are refused with a reason.
 */
import { inflateRawSync } from 'node:zlib';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** The central directory: every entry's name, sizes and where its data is. */
export function listZip(buf: Uint8Array): ZipEntry[] {
  const v = view(buf);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (v.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw new ZipError('not a zip archive (no central directory)');
  const count = v.getUint16(eocd + 10, true);
  const cdOffset = v.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || v.getUint32(p, true) !== CENTRAL) throw new ZipError('damaged zip archive (bad central directory)');
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    entries.push({
      flags: v.getUint16(p + 8, true),
      method: v.getUint16(p + 10, true),
      compressedSize: v.getUint32(p + 20, true),
      size: v.getUint32(p + 24, true),
      localOffset: v.getUint32(p + 42, true),
      name: new TextDecoder().decode(buf.subarray(p + 46, p + 46 + nameLen)),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The bytes of one entry. `maxSize` bounds the uncompressed size. */
export function readZipEntry(buf: Uint8Array, entry: ZipEntry, maxSize: number): Uint8Array {
  if (entry.flags & 1) throw new ZipError(`${entry.name} is encrypted`);
  if (entry.size > maxSize) throw new ZipError(`${entry.name} would expand to ${entry.size} bytes, over the limit of ${maxSize}`);
  const v = view(buf);
  const p = entry.localOffset;
  if (p + 30 > buf.length || v.getUint32(p, true) !== LOCAL) throw new ZipError(`damaged zip archive (bad local header for ${entry.name})`);
  const start = p + 30 + v.getUint16(p + 26, true) + v.getUint16(p + 28, true);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ZipError(`damaged zip archive (${entry.name} is cut short)`);
  if (entry.method === 0) return data;
  if (entry.method === 8) {
    try {
      return inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (e) {
      // The inflated bytes are checked, not only the header: an entry that inflates past the size
      // its header gives (a zip bomb with a lying header) stops at that size.
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw new ZipError(`${entry.name} inflates to more than the ${entry.size} bytes its header gives; refused`);
      throw new ZipError(`damaged zip archive (${entry.name}: ${(e as NodeJS.ErrnoException).code ?? 'inflate error'})`);
    }
  }
  throw new ZipError(`${entry.name} uses compression method ${entry.method}, which is not supported`);
}
