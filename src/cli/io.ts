/** What the CLI may touch of the outside world; tests pass their own. */
import { closeSync, mkdirSync, openSync, realpathSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Sink, TextWriter } from '../engine/env.js';
import { CliError } from './errors.js';

export type { Sink, TextWriter };

export interface CliIO {
  stdout: TextWriter;
  stderr: TextWriter;
  stdin: AsyncIterable<Uint8Array | string> & { isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** Colour on a terminal unless NO_COLOR is set; FORCE_COLOR forces it. */
export function useColor(io: CliIO, forStderr = false): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return forStderr ? io.stderrIsTTY : io.stdoutIsTTY;
}


const FLUSH_AT = 1 << 16;

/** The formats a file name implies, by its extension (`-o results.jsonl` without `-f`). */
const FORMAT_OF_EXTENSION: Record<string, string> = {
  csv: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  html: 'html',
  htm: 'html',
  sarif: 'sarif',
  md: 'markdown',
  markdown: 'markdown',
};

/**
 * The output format: `-f` when given; else the one `-o FILE`'s extension names, when the command
 * writes it (a name it cannot write is a note, and the default is used); else `fallback`. Pure:
 * the note, if any, is returned for the caller to print.
 */
export function chooseOutputFormat<F extends string>(given: F | undefined, output: string | undefined, formats: readonly F[], fallback: F): { format: F; note?: string } {
  if (given !== undefined) return { format: given };
  if (!output || isStdoutPath(output)) return { format: fallback };
  const ext = /\.([A-Za-z0-9]+)$/.exec(output)?.[1]?.toLowerCase();
  const named = ext !== undefined ? FORMAT_OF_EXTENSION[ext] : undefined;
  if (named === undefined) return { format: fallback };
  if ((formats as readonly string[]).includes(named)) return { format: named as F };
  return { format: fallback, note: `${output}: this command does not write ${named}; writing ${fallback} (formats: ${formats.join(', ')}; choose one with -f)` };
}

/** `chooseOutputFormat`, its note printed on standard error. */
export function outputFormat<F extends string>(io: CliIO, given: F | undefined, output: string | undefined, formats: readonly F[], fallback: F): F {
  const { format, note } = chooseOutputFormat(given, output, formats, fallback);
  if (note) io.stderr.write(`harmlex: ${note}\n`);
  return format;
}

/** `-`, /dev/stdout and /dev/fd/1 name standard output: written through it, never opened (a pipe has no path to open). */
export function isStdoutPath(output: string): boolean {
  return output === '-' || output === '/dev/stdout' || output === '/dev/fd/1' || output === '/proc/self/fd/1';
}

/** A path the output may be written to: checked (not a folder, not an input) and its missing folders created. */
export interface OutputTarget {
  /** The absolute path. */
  path: string;
  /** A regular file (or one not there yet): written whole. Else a device, FIFO or socket, written as it is. */
  regular: boolean;
}

/**
 * Check an output path before any work. Every command's output file goes through here (and
 * through `openSink` or `writeOutputFile`), so how files are written is decided in one place.
 */
export function outputTarget(io: CliIO, output: string, inputs: readonly string[] = []): OutputTarget {
  const path = resolve(io.cwd, output);
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) throw new CliError(`cannot write output to ${output}: it is a folder`);
  if (st && !st.isFile()) return { path, regular: false };
  if (st) {
    let real: string | undefined;
    try {
      real = realpathSync(path);
    } catch {
      real = undefined;
    }
    for (const input of inputs) {
      let r: string | undefined;
      try {
        r = realpathSync(resolve(io.cwd, input));
      } catch {
        r = undefined;
      }
      if (r !== undefined && r === real) throw new CliError(`refusing to write output over the input file ${output}`);
    }
  } else {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new CliError(`cannot write output to ${output}: cannot create its folder (${err.code === 'EEXIST' || err.code === 'ENOTDIR' ? 'a file is in the way' : err.code === 'EACCES' ? 'permission denied' : err.message})`);
    }
  }
  return { path, regular: true };
}

function openFailure(output: string, e: unknown): CliError {
  const err = e as NodeJS.ErrnoException;
  const why = err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'ENOENT' ? 'its folder does not exist' : err.code === 'EISDIR' ? 'it is a folder' : err.message;
  return new CliError(`cannot write output to ${output}: ${why}`);
}

/** Write a whole output (a zip, a codebook) to a file: the same checks as `openSink`. */
export function writeOutputFile(io: CliIO, output: string, data: string | Uint8Array, inputs: readonly string[] = []): void {
  const target = outputTarget(io, output, inputs);
  try {
    writeFileSync(target.path, data);
  } catch (e) {
    throw openFailure(output, e);
  }
}

export interface SinkOptions {
  /** Every write goes out at once (a streaming pipeline waits for each record); else in 64 KB chunks. */
  eager?: boolean;
  /** Start with a UTF-8 byte order mark (CSV for Excel). */
  bom?: boolean;
}

/**
 * Where machine output goes: a file (opened before any work, so a bad path fails fast with exit 2)
 * or stdout. Buffered; `close()` flushes.
 */
export function openSink(io: CliIO, output: string | undefined, inputs: readonly string[] = [], options: SinkOptions = {}): Sink {
  const flushAt = options.eager ? 1 : FLUSH_AT;
  let buf = options.bom ? '\ufeff' : '';
  if (!output || isStdoutPath(output)) {
    const flush = async () => {
      if (!buf) return;
      const chunk = buf;
      buf = '';
      const ok = io.stdout.write(chunk);
      if (ok === false && io.stdout.once) await new Promise<void>((r) => io.stdout.once!('drain', () => r()));
    };
    return {
      write(s) {
        buf += s;
        if (buf.length >= flushAt) return flush();
      },
      close: flush,
    };
  }
  const target = outputTarget(io, output, inputs);
  let fd: number;
  try {
    fd = openSync(target.path, 'w');
  } catch (e) {
    throw openFailure(output, e);
  }
  const flush = () => {
    if (buf) writeSync(fd, buf);
    buf = '';
  };
  return {
    write(s) {
      buf += s;
      if (buf.length >= flushAt) flush();
    },
    async close() {
      flush();
      closeSync(fd);
    },
  };
}
