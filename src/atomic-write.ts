/**
 * Every file harmlex writes goes through here (results, match files, summaries, baselines, lexicon
 * lists, REFI-QDA projects, caches). A regular file is written atomically, as SQLite and npm's
 * write-file-atomic do: the bytes go to a temporary file beside the target, are flushed to disk
 * (fsync), and the temporary file is renamed over the target only once everything is written. An
 * interrupted run (Ctrl-C, SIGTERM, a closed pipe, a full disk, an exception) removes the temporary
 * file and leaves the old target exactly as it was. A target that is not a regular file
 * (`/dev/stdout`, `/dev/null`, a FIFO, a terminal) cannot be renamed over: it is written directly.
 *
 * Errors are `OutputError`s whose message names the file and the kind of problem (no stack trace).
 */
import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** A write that failed: the message is ready for the user (the file's name and what went wrong). */
export class OutputError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'OutputError';
    this.code = code;
  }
}

/** What a system error means, in words. */
export function describeErrno(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EPIPE':
      return 'the reader went away (broken pipe)';
    case 'EIO':
      return 'input/output error';
    case 'EFBIG':
      return 'the file is too large';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return err?.code ? `${err.code}` : String((err as Error | undefined)?.message ?? e);
  }
}

export interface OutputOptions {
  /** The name used in messages (as the user gave it); default: the path. */
  display?: string;
  /** Create missing parent folders (else a missing folder is an error). */
  makeParents?: boolean;
}

/** An output being written: `commit()` puts it in place, `abort()` leaves the old file as it was. */
export interface OutputFile {
  readonly path: string;
  /** Written directly (not a regular file: a device, a FIFO, /dev/stdout): no temporary file. */
  readonly direct: boolean;
  write(chunk: string | Uint8Array): void;
  commit(): void;
  abort(): void;
}

/** Temporary files not yet renamed or removed, by path (removed on exit, signal or error). */
const pending = new Map<string, { fd: number | null; target: string }>();
let exitHookInstalled = false;
let counter = 0;

/** Close a temporary file (if open) and remove it; either may already have happened. */
function discard(tmp: string, fd: number | null): void {
  if (fd !== null) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
  try {
    unlinkSync(tmp);
  } catch {
    // already gone
  }
}

/** Remove every temporary file still pending (the run was interrupted); returns the targets left as they were. */
export function abortPendingOutputs(): string[] {
  const targets: string[] = [];
  for (const [tmp, p] of pending) {
    discard(tmp, p.fd);
    targets.push(p.target);
  }
  pending.clear();
  return targets;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => void abortPendingOutputs());
}

/** Is this path something other than a regular file or a folder (a device, a FIFO, a socket)? */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Open `path` for writing (see the module comment). Throws OutputError before anything is written. */
export function openOutputFile(path: string, options: OutputOptions = {}): OutputFile {
  const display = options.display ?? path;
  const fail = (e: unknown): never => {
    throw new OutputError(`cannot write ${display}: ${describeErrno(e)}`, (e as NodeJS.ErrnoException)?.code);
  };
  const st = statOrNull(path);
  if (st?.isDirectory()) throw new OutputError(`cannot write ${display}: it is a folder`, 'EISDIR');
  if (st && !st.isFile()) return directOutput(path, display, fail);
  // A symbolic link stays a link: its target is replaced.
  let target = resolve(path);
  if (st) {
    try {
      target = realpathSync(path);
    } catch (e) {
      fail(e);
    }
  } else if (options.makeParents) {
    try {
      mkdirSync(dirname(target), { recursive: true });
    } catch (e) {
      fail(e);
    }
  }
  const tmp = join(dirname(target), `.${basename(target)}.harmlex-${process.pid}-${++counter}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o666);
  } catch (e) {
    return fail(e);
  }
  installExitHook();
  const entry = { fd: fd as number | null, target: display };
  pending.set(tmp, entry);
  if (st) {
    try {
      fchmodSync(fd, st.mode & 0o7777);
    } catch {
      // not ours to change: the new file keeps the default mode
    }
  }
  const abort = () => {
    if (!pending.has(tmp)) return;
    pending.delete(tmp);
    discard(tmp, entry.fd);
  };
  const failAndAbort = (e: unknown): never => {
    abort();
    throw new OutputError(`cannot write ${display}: ${describeErrno(e)}; ${st ? `${display} was left as it was` : 'nothing was written'}`, (e as NodeJS.ErrnoException)?.code);
  };
  return {
    path: target,
    direct: false,
    write(chunk) {
      if (!pending.has(tmp)) throw new OutputError(`cannot write ${display}: already closed`);
      try {
        writeAll(fd, chunk);
      } catch (e) {
        failAndAbort(e);
      }
    },
    commit() {
      if (!pending.has(tmp)) return;
      try {
        fsyncSync(fd);
        closeSync(fd);
        entry.fd = null;
        renameSync(tmp, target);
        pending.delete(tmp);
      } catch (e) {
        failAndAbort(e);
      }
    },
    abort,
  };
}

function directOutput(path: string, display: string, fail: (e: unknown) => never): OutputFile {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    fail(e);
  }
  const close = () => {
    if (fd === null) return;
    const f = fd;
    fd = null;
    try {
      closeSync(f);
    } catch {
      // nothing left to flush
    }
  };
  return {
    path,
    direct: true,
    write(chunk) {
      if (fd === null) throw new OutputError(`cannot write ${display}: already closed`);
      try {
        writeAll(fd, chunk);
      } catch (e) {
        close();
        throw new OutputError(`cannot write ${display}: ${describeErrno(e)}`, (e as NodeJS.ErrnoException)?.code);
      }
    },
    commit: close,
    abort: close,
  };
}

/** writeSync until every byte is out (a pipe or a device may take part of a chunk). */
function writeAll(fd: number, chunk: string | Uint8Array): void {
  let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  while (buf.length > 0) {
    let n: number;
    try {
      n = writeSync(fd, buf);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue; // a non-blocking pipe that is full
      throw e;
    }
    buf = buf.subarray(n);
  }
}

/** Write a whole file at once, atomically (see openOutputFile). */
export function writeOutputFile(path: string, data: string | Uint8Array, options: OutputOptions = {}): void {
  const out = openOutputFile(path, options);
  try {
    out.write(data);
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
}
