/**
 * What the engine may touch of the outside world while it runs a plan, handed in by its caller
 * (the CLI builds one from its CliIO; a library caller or a test builds its own). The engine never
 * reads argv, process.stdout or the TTY, and never exits.
 */

/** Somewhere text is written: standard output or error, or a stream like them. */
export interface TextWriter {
  write(chunk: string): boolean | void;
  once?(event: 'drain', cb: () => void): unknown;
}

/** Where machine output goes, buffered; `close()` flushes. */
export interface Sink {
  write(s: string): Promise<void> | void;
  close(): Promise<void>;
}

/** A file the results are written to, by identity, so that a folder scan never reads it as an input. */
export interface OutputFile {
  dev: number;
  ino: number;
  /** The file's name (lower case), when known: only inputs of that name can be it (a hard link by another name is not looked for). */
  name: string | null;
}

export interface RunEnv {
  cwd: string;
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: TextWriter;
  stderr: TextWriter;
  /**
   * Open an output: a file (before any work, so that a bad path fails at once), or standard output
   * when `path` is undefined or '-'. Never a file that is one of the run's inputs. `eager`: every
   * write goes out at once (a pipeline that waits for each record); `bom`: a UTF-8 byte order mark first.
   */
  openSink(path: string | undefined, options?: { eager?: boolean; bom?: boolean }): Sink;
  /** The files the results go to, if they exist (see `OutputFile`). */
  outputFiles(path: string | undefined): OutputFile[];
  /** A message for the person running harmlex (standard error). */
  warn(message: string): void;
  /**
   * Refuse (throw) when an output is one of the inputs or two outputs are one file, compared by
   * device and inode (io/clash.ts); called before anything is written. Optional for library callers.
   */
  assertOutputs?(outputs: readonly ({ path: string; label: string } | null)[], inputs: Iterable<{ path: string; label: string }>): void;
}

/** A run that cannot go on (bad input or configuration); the CLI prints the message and exits 2. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}
