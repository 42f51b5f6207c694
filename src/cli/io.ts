/** What the CLI may touch of the outside world; tests pass their own. */
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Sink, TextWriter } from '../engine/env.js';
import { CliError } from './errors.js';
import { terminalSafeText } from '../terminal-safe.js';
import { findOutputClash, type NamedPath } from '../io/clash.js';
import { describeErrno, openOutputFile, OutputError, writeOutputFile as writeAtomically, type OutputFile } from '../atomic-write.js';

export type { Sink, TextWriter };

export interface CliIO {
  stdout: TextWriter;
  stderr: TextWriter;
  stdin: AsyncIterable<Uint8Array | string> & { isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width in columns, when standard output is one. */
  columns?: number;
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
    ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
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
  /** A regular file (or one not there yet): written atomically. Else a device, FIFO or socket, written as it is. */
  regular: boolean;
}

/** Refuse (exit 2, naming both) when an output is one of the inputs, or two outputs are one file (io/clash.ts). */
export function assertNoClash(io: CliIO, outputs: readonly (NamedPath | null | undefined)[], inputs: Iterable<NamedPath | string>): void {
  const outs = outputs.filter((o): o is NamedPath => !!o && o.path !== '' && !isStdoutPath(o.path));
  if (outs.length === 0) return;
  const named = (function* () {
    for (const i of inputs) yield typeof i === 'string' ? { path: i, label: i } : i;
  })();
  const clash = findOutputClash(outs, named, io.cwd);
  if (clash) throw new CliError(clash);
}

/**
 * Check an output path before any work. Every command's output file goes through here (and
 * through `openSink` or `writeOutputFile`, which write atomically: atomic-write.ts), so how files are
 * written is decided in one place. `inputs` are compared by device and inode (io/clash.ts).
 */
export function outputTarget(io: CliIO, output: string, inputs: Iterable<NamedPath | string> = [], label = '-o'): OutputTarget {
  const path = resolve(io.cwd, output);
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) throw new CliError(`cannot write output to ${output}: it is a folder`);
  if (st && !st.isFile()) return { path, regular: false };
  assertNoClash(io, [{ path: output, label: `${label} ${output}` }], inputs);
  if (!st) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new CliError(`cannot write output to ${output}: cannot create its folder (${err.code === 'EEXIST' || err.code === 'ENOTDIR' ? 'a file is in the way' : err.code === 'EACCES' ? 'permission denied' : describeErrno(err)})`);
    }
  }
  return { path, regular: true };
}

function openFailure(output: string, e: unknown): CliError {
  if (e instanceof OutputError) return new CliError(`cannot write output to ${output}: ${e.message.replace(/^cannot write [^:]*: /, '')}`);
  return new CliError(`cannot write output to ${output}: ${describeErrno(e)}`);
}

/** Write a whole output (a zip, a codebook) to a file, atomically: the same checks as `openSink`. */
export function writeOutputFile(io: CliIO, output: string, data: string | Uint8Array, inputs: Iterable<NamedPath | string> = [], label = '-o'): void {
  const target = outputTarget(io, output, inputs, label);
  try {
    writeAtomically(target.path, data, { display: output });
  } catch (e) {
    throw openFailure(output, e);
  }
}

export interface SinkOptions {
  /** Every write goes out at once (a streaming pipeline waits for each record); else in 64 KB chunks. */
  eager?: boolean;
  /** Start with a UTF-8 byte order mark (CSV for Excel). */
  bom?: boolean;
  /** The option that named the file, for messages (default -o). */
  label?: string;
  /** Text for people (a table, markdown): control characters escaped (terminal-safe.ts). */
  human?: boolean;
}

/**
 * Where machine output goes: a file (opened before any work, so a bad path fails fast with exit 2)
 * or stdout. A file is written atomically (atomic-write.ts): `close()` puts it in place, and a run that
 * stops before (an error, a signal) leaves the old file as it was. Buffered; `close()` flushes.
 */
export function openSink(io: CliIO, output: string | undefined, inputs: Iterable<NamedPath | string> = [], options: SinkOptions = {}): Sink {
  const flushAt = options.eager ? 1 : FLUSH_AT;
  let buf = options.bom ? '\ufeff' : '';
  const safe = options.human ? terminalSafeText : (s: string) => s;
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
        buf += safe(s);
        if (buf.length >= flushAt) return flush();
      },
      close: flush,
    };
  }
  const target = outputTarget(io, output, inputs, options.label);
  let file: OutputFile;
  try {
    file = openOutputFile(target.path, { display: output });
  } catch (e) {
    throw openFailure(output, e);
  }
  const flush = () => {
    if (buf) file.write(buf);
    buf = '';
  };
  return {
    write(s) {
      buf += safe(s);
      if (buf.length >= flushAt) flush();
    },
    async close() {
      flush();
      file.commit();
    },
  };
}

/** The width the terminal table fits: COLUMNS when set (as shells and tests set it), else the terminal's; none for a file or a pipe. */
export function terminalWidth(io: CliIO): number | undefined {
  const env = Number(io.env.COLUMNS);
  if (Number.isInteger(env) && env >= 20) return env;
  return io.stdoutIsTTY && io.columns && io.columns >= 20 ? io.columns : undefined;
}
