/**
 * What a scan worker thread does: restore the compiled lexicon once from the snapshot it was
 * started with (the built-in lexicon from the build's snapshot file), then read and analyze each
 * batch it is sent (documents, or files to read) and post the records back, or their lines in the
 * run's format (`WorkerSetup.format`), written by the `RecordWriter` its entry script passes in
 * (engine/scan-worker.ts: io/ never imports a formatter). Batches are handled one at a time, in the
 * order they came.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalyzeOptions } from '../analyze.js';
import { loadDefaultLexicon } from './lexicon-files.js';
import { readSnapshotFileHeader, restoreSnapshot, restoreSnapshotFile, type CompiledSnapshot } from '../lexicon/snapshot.js';
import type { ReadersName, ReadOptions, ScanItem } from './documents.js';
import { analyzeScanItem, formattedRecord, type AnalyzedRecord, type RecordWriter, type WorkerFormat } from './pipeline.js';
import { readersNamed } from './readers/index.js';

export interface WorkerSetup {
  /**
   * The compiled lexicon: a snapshot as JSON, or as a snapshot file's text (a cached lexicon,
   * restored lazily), or null for the built-in one, which the worker loads itself from the build's file.
   */
  snapshotJson: string | null;
  options: AnalyzeOptions;
  readOptions: ReadOptions;
  /** The run's readers, by name (see `Readers`). */
  readers: ReadersName;
  /** Write the records here, in the run's format (see `WorkerFormat`); else they are sent back whole. */
  format?: WorkerFormat;
}

export interface BatchMessage {
  seq: number;
  items: ScanItem[];
}

export type BatchReply = { seq: number; results: AnalyzedRecord[] } | { seq: number; error: string };

async function restore(snapshot: string | null) {
  if (snapshot === null) return (await loadDefaultLexicon()).compiled;
  const header = readSnapshotFileHeader(snapshot);
  return header ? restoreSnapshotFile(snapshot, header) : restoreSnapshot(JSON.parse(snapshot) as CompiledSnapshot);
}

/** Serve the batches of the pool that started this thread; `write` writes a record in the run's format. */
export async function serveBatches(write: RecordWriter): Promise<void> {
  const setup = workerData as WorkerSetup;
  const compiled = await restore(setup.snapshotJson);
  const readers = readersNamed(setup.readers);
  const format = setup.format;

  async function handle(message: BatchMessage): Promise<BatchReply> {
    try {
      const results: AnalyzedRecord[] = [];
      for (const item of message.items) {
        for await (const r of analyzeScanItem(item, compiled, setup.options, setup.readOptions, readers)) results.push(format ? formattedRecord(r, format, write) : r);
      }
      return { seq: message.seq, results };
    } catch (e) {
      return { seq: message.seq, error: (e as Error)?.stack ?? String(e) };
    }
  }

  let queue = Promise.resolve();
  parentPort!.on('message', (message: BatchMessage) => {
    queue = queue.then(async () => parentPort!.postMessage(await handle(message)));
  });
}
