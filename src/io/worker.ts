/**
 * A scan worker thread: restores the compiled lexicon once from the snapshot it was started with,
 * then analyzes each batch of documents it is sent and posts the records back, in batch order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeDocument, skippedResult, type AnalyzeOptions, type DocumentInput, type RecordResult } from '../analyze.js';
import { restoreSnapshot, type CompiledSnapshot } from '../lexicon/snapshot.js';
import type { DocumentItem } from './documents.js';

export interface WorkerSetup {
  snapshotJson: string;
  options: AnalyzeOptions;
}

export interface BatchMessage {
  seq: number;
  docs: DocumentItem[];
}

export type BatchReply = { seq: number; results: RecordResult[] } | { seq: number; error: string };

const setup = workerData as WorkerSetup;
const compiled = restoreSnapshot(JSON.parse(setup.snapshotJson) as CompiledSnapshot);

parentPort!.on('message', (message: BatchMessage) => {
  try {
    const results = message.docs.map((d): RecordResult => {
      if (d.kind === 'skipped') return skippedResult(d);
      const { kind: _kind, ...doc } = d;
      return analyzeDocument(doc as DocumentInput, compiled, setup.options);
    });
    parentPort!.postMessage({ seq: message.seq, results } satisfies BatchReply);
  } catch (e) {
    parentPort!.postMessage({ seq: message.seq, error: (e as Error)?.stack ?? String(e) } satisfies BatchReply);
  }
});
