/**
 * Every read is bounded. A file is read only when it is a regular file no larger than a limit
 * (`--max-file-size`, 100 MB by default): a FIFO would block forever, `/dev/zero` never ends, and a
 * huge file would take the memory of the machine. Special files are refused with their kind named.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

export const DEFAULT_MAX_FILE_SIZE = 100 * 1024 * 1024;

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}

/** What a file that is not a regular file or a folder is ("a FIFO"), or null. */
export function specialKind(st: Stats): string | null {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isFile() || st.isDirectory()) return null;
  return 'not a regular file';
}

/** An error refusing a read, with a code the readers map to a reason (its message is the reason). */
export class RefusedRead extends Error {
  readonly code: 'ESPECIAL' | 'ETOOBIG';
  constructor(message: string, code: 'ESPECIAL' | 'ETOOBIG') {
    super(message);
    this.code = code;
  }
}

/** Throw RefusedRead when `path` is a special file (checked before opening: opening a FIFO blocks). */
export function refuseSpecial(path: string): Stats {
  const st = statSync(path);
  const kind = specialKind(st);
  if (kind) throw new RefusedRead(`is ${kind}`, 'ESPECIAL');
  return st;
}

/**
 * A regular file's bytes, at most `max` of them. Throws RefusedRead for a special file or one over
 * `max` (a file whose size the system does not tell, as under /proc, is read up to `max` + 1 bytes),
 * and the system's error for a missing or unreadable file.
 */
export function readRegularFile(path: string, max: number): Buffer {
  refuseSpecial(path);
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    const kind = specialKind(st);
    if (kind) throw new RefusedRead(`is ${kind}`, 'ESPECIAL');
    if (st.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (st.size > max) throw new RefusedRead(`is ${formatBytes(st.size)}, over the --max-file-size of ${formatBytes(max)}`, 'ETOOBIG');
    return readUpTo(fd, max, st.size);
  } finally {
    closeSync(fd);
  }
}

/** Read from fd until end of file, refusing more than `max` bytes. */
export function readUpTo(fd: number, max: number, sizeHint = 0): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let size = Math.max(sizeHint + 1, 65536);
  for (;;) {
    const want = Math.min(size, max + 1 - total);
    const buf = Buffer.allocUnsafe(want);
    const n = readSync(fd, buf, 0, want, null);
    if (n === 0) break;
    chunks.push(n === want ? buf : buf.subarray(0, n));
    total += n;
    if (total > max) throw new RefusedRead(`is over the --max-file-size of ${formatBytes(max)}`, 'ETOOBIG');
    size = 1 << 20;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** A text file (lexicon, config, baseline, results), bounded, as UTF-8; errors in words, never its content. */
export function readTextFile(path: string, max = DEFAULT_MAX_FILE_SIZE): string {
  return readRegularFile(path, max).toString('utf8');
}

/** Why a read failed, in words (the system's code, or the refusal). */
export function readErrorReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof RefusedRead) return e.message;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    default:
      return err?.code ? `cannot read (${err.code})` : `cannot read: ${(err as Error | undefined)?.message ?? String(e)}`;
  }
}
