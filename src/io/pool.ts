/**
 * --jobs: analysis on a pool of worker threads, each with the compiled lexicon (restored once from
 * a snapshot: the build's file for the built-in lexicon, the cache's text for a cached one, else
 * sent as JSON; see `shippedLexicon`). The main thread lists the inputs (and parses exports) and writes results;
 * documents and files go to the workers in batches, and the records come back in input order
 * (written by the workers when the run needs only their text: see `WorkerFormat`), so the output is
 * byte-identical to a run on one thread. At most a few batches per worker are in flight: memory
 * stays flat on any corpus. Before the workers start, files analysed here are read ahead on a
 * helper thread (read-file.ts).
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalyzeOptions } from '../analyze.js';
import { readFileTask, type Readers, type ReadOptions, type ScanItem } from './documents.js';
import { analyzeItem, inThreadAnalyzer, withReadAhead, type AnalyzedRecord, type WorkerFormat } from './pipeline.js';
import { ReadAhead } from './read-file.js';
import type { BatchMessage, BatchReply, WorkerSetup } from './worker.js';
import { cachedSnapshotText } from './lexicon-cache.js';
import type { CompiledLexicon } from '../lexicon/compile.js';
import { isBuiltInCompiled } from './lexicon-files.js';
import { snapshotOf } from '../lexicon/snapshot.js';

/** A batch closes at this many documents or this much text, whichever comes first. */
const BATCH_DOCS = 64;
const BATCH_CHARS = 1 << 19;
/** Batches in flight per worker: enough to keep it busy while the main thread writes. */
const IN_FLIGHT_PER_WORKER = 2;
/**
 * A worker's young generation (V8's default here is 48 MB). A worker keeps little from one batch
 * to the next, so a smaller one costs no time (medium corpus, --jobs 2: 1.60-1.77 s against
 * 1.51-2.12 s; large, 2 workers: 9.5-11.1 s against 11.3-11.5 s) and each worker holds less:
 * peak RSS 260 MB against 276 MB on the large corpus's files, 161-172 MB against 188-207 MB on the
 * medium one. Output is byte-identical.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

const HERE = fileURLToPath(import.meta.url);
/** src/ when this module runs from source (the test runner), else dist/. */
const CODE_ROOT = resolve(dirname(HERE), '..');

/**
 * The file a worker thread runs for `script`, a module of this code (src/ or dist/). From the build
 * it is that module; when this module runs from source (the test runner), its built copy in dist/,
 * since a worker cannot load TypeScript (the tests' global setup builds first, so that copy is the
 * source under test).
 */
export function workerScript(script: URL): string {
  const path = fileURLToPath(script).replace(/\.ts$/, '.js');
  return HERE.endsWith('.ts') ? join(CODE_ROOT, '..', 'dist', relative(CODE_ROOT, path)) : path;
}

/**
 * The compiled lexicon as the workers get it (see `WorkerSetup.snapshotJson`), made only when they
 * start: null for the built-in lexicon (each worker loads the build's snapshot file), a cached
 * lexicon's cache text (restored lazily), else the lexicon compiled in this run, as JSON.
 */
export function shippedLexicon(compiled: CompiledLexicon): string | null {
  return isBuiltInCompiled(compiled) ? null : (cachedSnapshotText(compiled) ?? JSON.stringify(snapshotOf(compiled)));
}

/** The size of an item in a batch: a file not read yet counts as a short document. */
function itemSize(d: ScanItem): number {
  return d.kind === 'document' ? d.text.length : d.kind === 'file' ? 4096 : 0;
}

class Pool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (r: AnalyzedRecord[]) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private failure: Error | null = null;

  constructor(size: number, script: string, setup: WorkerSetup) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      const slot = { worker, busy: 0 };
      worker.on('message', (reply: BatchReply) => {
        slot.busy--;
        const w = this.waiting.get(reply.seq);
        this.waiting.delete(reply.seq);
        if ('error' in reply) w?.reject(new Error(`in a worker thread: ${reply.error}`));
        else w?.resolve(reply.results);
      });
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a worker thread stopped with exit code ${code}`));
      });
      this.workers.push(slot);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  run(items: ScanItem[]): Promise<AnalyzedRecord[]> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    slot.busy++;
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      slot.worker.postMessage({ seq, items } satisfies BatchMessage);
    });
  }

  get size(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

export interface PoolOptions {
  jobs: number;
  /**
   * When the documents are rows that this thread parses (a CSV, TSV or JSONL export), start one
   * worker fewer than `jobs` (at least one): parsing and writing keep this thread busy, and a
   * worker beside it on every core only adds memory (measured: a 234 MB CSV on 2 cores takes as
   * long with one worker as with two, in 257 MB instead of 330). Files, which the workers read
   * themselves, get all `jobs`. Set for the default, not for an explicit --jobs.
   */
  leaveCoreForParsing?: boolean;
  /**
   * Analyze in this thread until this much text has been read, and start the workers only for a
   * run that is bigger: starting a worker costs more than scanning a few short files.
   */
  startAfterChars: number;
  /** Told how many workers start, when they do (a run may end before). */
  onStart?: (workers: number) => void;
  /** The workers write their records in this format (see `WorkerFormat`). */
  format?: WorkerFormat;
  /** Read files ahead on a helper thread (see read-file.ts); not for standard input, which must stream. */
  readAhead?: boolean;
  /** How files are read, here and in the workers (which are told the readers' name). */
  readers: Readers;
  /** The script the workers run: a module that calls io/worker.ts `serveBatches` (engine/workers.ts `SCAN_WORKER`). */
  worker: URL;
}

/** How many workers to start, given the kind of item that was read last (see `leaveCoreForParsing`). */
export function workerCount(pool: Pick<PoolOptions, 'jobs' | 'leaveCoreForParsing'>, lastKind: ScanItem['kind'] | null): number {
  return pool.leaveCoreForParsing && lastKind !== 'file' ? Math.max(1, pool.jobs - 1) : pool.jobs;
}

/** Analysis on `pool.jobs` threads; records in input order, some already written when `pool.format` is given. */
export function poolAnalyzer(compiled: CompiledLexicon, options: AnalyzeOptions, readOptions: ReadOptions, pool: PoolOptions): (items: AsyncIterable<ScanItem>) => AsyncIterable<AnalyzedRecord> {
  return async function* (docs) {
    // Files analyzed in this thread are read ahead on a helper thread (not those the workers read).
    const readAhead = pool.readAhead ? new ReadAhead() : undefined;
    let workersStarted = false;
    try {
      const items = readAhead ? withReadAhead(docs, readAhead, readOptions.maxFileSize, () => workersStarted) : docs;
      if (pool.jobs <= 1) yield* inThreadAnalyzer(compiled, options, readOptions, pool.readers, readAhead)(items);
      else {
        yield* inThreadThenPool(items, compiled, options, readOptions, pool, readAhead, async () => {
          // The workers read their own files: the helper is stopped, and its memory let go before they start.
          workersStarted = true;
          await readAhead?.close(true);
        });
      }
    } finally {
      await readAhead?.close();
    }
  };
}

async function* inThreadThenPool(
  docs: AsyncIterable<ScanItem>,
  compiled: CompiledLexicon,
  options: AnalyzeOptions,
  readOptions: ReadOptions,
  pool: PoolOptions,
  readAhead: ReadAhead | undefined,
  onStart: () => Promise<void>,
): AsyncGenerator<AnalyzedRecord> {
  const local = inThreadAnalyzer(compiled, options, readOptions, pool.readers, readAhead);
  const iterator = docs[Symbol.asyncIterator]();
  let seen = 0;
  let lastKind: ScanItem['kind'] | null = null;
  // In this thread first, while the run is small.
  while (seen < pool.startAfterChars) {
    const next = await iterator.next();
    if (next.done) return;
    const item = next.value;
    lastKind = item.kind;
    if (item.kind !== 'file') {
      seen += itemSize(item);
      yield* local(once(item));
      continue;
    }
    // A file is counted by the text read from it (a folder of large files starts the workers too).
    for await (const d of readFileTask(item, readOptions, pool.readers, readAhead)) {
      if (d.kind === 'document') seen += d.text.length;
      yield analyzeItem(d, compiled, options);
    }
  }
  await onStart();
  const size = workerCount(pool, lastKind);
  pool.onStart?.(size);
  const workers = new Pool(size, workerScript(pool.worker), { snapshotJson: shippedLexicon(compiled), options, readOptions, readers: pool.readers.name, ...(pool.format ? { format: pool.format } : {}) });
  const inFlight: Promise<AnalyzedRecord[]>[] = [];
  try {
    let batch: ScanItem[] = [];
    let chars = 0;
    for (;;) {
      const next = await iterator.next();
      if (!next.done) {
        batch.push(next.value);
        chars += itemSize(next.value);
      }
      if (batch.length && (next.done || batch.length >= BATCH_DOCS || chars >= BATCH_CHARS)) {
        inFlight.push(workers.run(batch));
        batch = [];
        chars = 0;
      }
      while (inFlight.length && (next.done || inFlight.length >= workers.size * IN_FLIGHT_PER_WORKER)) {
        yield* await inFlight.shift()!;
      }
      if (next.done) break;
    }
  } finally {
    // Rejections of batches never awaited (after an error) are handled here, not left unhandled.
    for (const p of inFlight) p.catch(() => undefined);
    await workers.close();
  }
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}
