/** What the CLI may touch of the outside world; tests pass their own. */
import { closeSync, openSync, realpathSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from './errors.js';

export interface TextWriter {
  write(chunk: string): boolean | void;
  once?(event: 'drain', cb: () => void): unknown;
}

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

/**
 * Where machine output goes: a file (opened before any work, so a bad path fails fast with exit 2)
 * or stdout. Buffered; `close()` flushes.
 */
export interface Sink {
  write(s: string): Promise<void> | void;
  close(): Promise<void>;
}

const FLUSH_AT = 1 << 16;

export function openSink(io: CliIO, output: string | undefined, inputs: readonly string[] = [], options: { eager?: boolean } = {}): Sink {
  // Eager: every write goes out at once (a streaming pipeline waits for each record); else in 64 KB chunks.
  const flushAt = options.eager ? 1 : FLUSH_AT;
  if (!output || output === '-') {
    let buf = '';
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
  const path = resolve(io.cwd, output);
  let real: string | undefined;
  try {
    real = realpathSync(path);
  } catch {
    real = undefined;
  }
  if (real) {
    if (statSync(real).isDirectory()) throw new CliError(`cannot write output to ${output}: it is a folder`);
    for (const input of inputs) {
      let r: string | undefined;
      try {
        r = realpathSync(resolve(io.cwd, input));
      } catch {
        r = undefined;
      }
      if (r === real) throw new CliError(`refusing to write output over the input file ${output}`);
    }
  }
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'ENOENT' ? 'its folder does not exist' : err.code === 'EISDIR' ? 'it is a folder' : err.message;
    throw new CliError(`cannot write output to ${output}: ${why}`);
  }
  let buf = '';
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
