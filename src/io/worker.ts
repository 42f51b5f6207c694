/**
 * A scan worker thread: restores the compiled lexicon once from the snapshot it was started with
 * (the built-in lexicon from the build's snapshot file),
 * then reads and analyzes each batch it is sent (documents, or files to read) and posts the records
 * back, or their lines in the run's format (`WorkerSetup.format`). Batches are handled one at a
 * time, in the order they came.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalyzeOptions } from '../analyze.js';
import { loadDefaultLexicon } from '../lexicon/load.js';
import { readSnapshotFileHeader, restoreSnapshot, restoreSnapshotFile, type CompiledSnapshot } from '../lexicon/snapshot.js';
import type { ReadersName, ReadOptions, ScanItem } from './documents.js';
import { analyzeScanItem, formattedRecord, type AnalyzedRecord, type WorkerFormat } from './pipeline.js';
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

const setup = workerData as WorkerSetup;
const compiled = await restore(setup.snapshotJson);
const readers = readersNamed(setup.readers);

async function restore(snapshot: string | null) {
  if (snapshot === null) return (await loadDefaultLexicon()).compiled;
  const header = readSnapshotFileHeader(snapshot);
  return header ? restoreSnapshotFile(snapshot, header) : restoreSnapshot(JSON.parse(snapshot) as CompiledSnapshot);
}

async function handle(message: BatchMessage): Promise<BatchReply> {
  try {
    const results: AnalyzedRecord[] = [];
    const format = setup.format;
    for (const item of message.items) {
      for await (const r of analyzeScanItem(item, compiled, setup.options, setup.readOptions, readers)) results.push(format ? formattedRecord(r, format) : r);
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
