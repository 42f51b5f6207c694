/**
 * Reading whole files: `readWhole` (one open, one fstat, reads, one close), and `ReadAhead`, which
 * runs those calls on a helper thread ahead of the analysis, for a run over many files.
 *
 * Why a thread: on a folder of small files, the main thread spent about a tenth of a run in these
 * system calls (open, read, close for each file). A thread that does nothing else overlaps them with
 * the analysis. The main thread never waits for it: a file whose bytes have not arrived when they
 * are needed is read where it is needed, as before, and the helper's copy is dropped. Its results
 * are taken with `receiveMessageOnPort`, which needs no turn of the event loop (a scan writing to a
 * file may not give it one for its whole run).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readUpTo, RefusedRead, refuseSpecial, specialKind } from '../bounded-read.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * A file's bytes, or its size when that is over `max`. `ownMemory`: the bytes in an ArrayBuffer of
 * their own (not Node's shared pool), so they can be moved to another thread.
 */
export function readWhole(path: string, max: number, ownMemory = false): Buffer | number {
  refuseSpecial(path); // (before opening: opening a FIFO blocks until someone writes to it)
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const kind = specialKind(st);
    if (kind) throw new RefusedRead(`is ${kind}`, 'ESPECIAL');
    if (st.size > max) return st.size;
    if (st.size === 0) {
      // A /proc file: its size is not known; read at most max bytes.
      try {
        return readUpTo(fd, max);
      } catch (e) {
        if (e instanceof RefusedRead) return max + 1;
        throw e;
      }
    }
    const buf = ownMemory ? Buffer.allocUnsafeSlow(st.size) : Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === st.size ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** What the helper thread sends back for one file. */
export type ReadOutcome = { bytes: Uint8Array } | { size: number } | { error: { code?: string; message: string } };

/** A batch of files for the helper thread, each with the id its outcome is sent back under. */
export interface ReadRequest {
  ids: number[];
  paths: string[];
  max: number;
}

export interface ReadReply {
  ids: number[];
  outcomes: ReadOutcome[];
}

/** Files requested but not sent yet go to the helper in batches of this many. */
const BATCH_FILES = 64;

/**
 * The helper's script. From the build it sits beside this module; when this module runs from
 * source (the test runner), the built copy is used, since a worker cannot load TypeScript (the
 * tests' global setup builds first, so that copy is the source under test).
 */
function readerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? resolve(dirname(here), '../../dist/io/read-worker.js') : resolve(dirname(here), 'read-worker.js');
}

export class ReadAhead {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private failed = false;
  private nextId = 0;
  /** Ids requested per path, oldest first (a path listed twice is read twice). */
  private readonly expected = new Map<string, number[]>();
  private readonly arrived = new Map<number, ReadOutcome>();
  /** Ids whose file was read here before the helper's copy arrived: dropped when it does. */
  private readonly dropped = new Set<number>();
  private batch: ReadRequest = { ids: [], paths: [], max: 0 };
  /** How the files taken so far were read: by the helper, or here (not asked for, or not arrived yet). */
  readonly served = { helper: 0, here: 0 };

  /** Ask for a file's bytes (files over `max` bytes come back as their size). */
  request(path: string, max: number): void {
    if (this.failed) return;
    const id = this.nextId++;
    const ids = this.expected.get(path);
    if (ids) ids.push(id);
    else this.expected.set(path, [id]);
    if (this.batch.ids.length && this.batch.max !== max) this.flush();
    this.batch.ids.push(id);
    this.batch.paths.push(path);
    this.batch.max = max;
    if (this.batch.ids.length >= BATCH_FILES) this.flush();
  }

  /** Send the files asked for so far. */
  flush(): void {
    if (this.batch.ids.length === 0 || this.failed) return;
    try {
      if (!this.worker) this.start();
      this.port!.postMessage(this.batch satisfies ReadRequest);
    } catch {
      this.fail();
    }
    this.batch = { ids: [], paths: [], max: 0 };
  }

  private start(): void {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // A small heap: the helper keeps nothing but the batch it is reading (file bytes live outside the heap).
    this.worker = new Worker(readerFile(), { workerData: { port: port2 }, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 } });
    // The helper is never waited for: if it stops, files are read here.
    this.worker.on('error', () => this.fail());
    this.worker.unref();
  }

  private fail(): void {
    this.failed = true;
  }

  /** The bytes (or size) of `path` as `readWhole` gives them: from the helper if they are here, else read now. Throws as `readWhole` does. */
  take(path: string, max: number): Buffer | number {
    const id = this.expected.get(path)?.shift();
    if (this.expected.get(path)?.length === 0) this.expected.delete(path);
    if (id !== undefined) {
      if (this.batch.ids.includes(id)) this.flush(); // (not sent yet: it will be read here, the batch's others there)
      this.receive();
      const outcome = this.arrived.get(id);
      if (outcome) {
        this.arrived.delete(id);
        this.served.helper++;
        if ('bytes' in outcome) return Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength);
        if ('size' in outcome) return outcome.size;
        throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code });
      }
      this.dropped.add(id);
    }
    this.served.here++;
    return readWhole(path, max);
  }

  /** Take every reply that has come, without waiting. */
  private receive(): void {
    if (!this.port) return;
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const reply = m.message as ReadReply;
      reply.ids.forEach((id, i) => {
        if (this.dropped.delete(id)) return;
        this.arrived.set(id, reply.outcomes[i]!);
      });
    }
  }

  /**
   * Stop the helper (what it still holds is dropped); files taken after this are read here.
   * `wait`: until the thread has ended (its memory is let go); else a helper still starting does
   * not hold up the end of a short run.
   */
  async close(wait = false): Promise<void> {
    this.failed = true;
    this.port?.close();
    this.port = null;
    const worker = this.worker;
    this.worker = null;
    this.arrived.clear();
    this.expected.clear();
    if (!worker) return;
    const ended = worker.terminate();
    if (wait) await ended;
  }
}
