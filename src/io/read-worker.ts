/**
 * The read-ahead helper thread (see read-file.ts): reads each batch of files it is sent and sends
 * back their bytes (moved, not copied), sizes or errors, in order. It loads nothing but node:fs.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { readWhole, type ReadOutcome, type ReadReply, type ReadRequest } from './read-file.js';

const port = (workerData as { port: MessagePort }).port;

port.on('message', (request: ReadRequest) => {
  const outcomes: ReadOutcome[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const path of request.paths) {
    try {
      const read = readWhole(path, request.max, true);
      if (typeof read === 'number') outcomes.push({ size: read });
      else {
        outcomes.push({ bytes: read });
        // Bytes in a buffer of their own move to the main thread; a pipe's (from readFileSync) are copied.
        if (read.byteOffset === 0 && read.buffer.byteLength === read.byteLength && !transfer.includes(read.buffer as ArrayBuffer)) transfer.push(read.buffer as ArrayBuffer);
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      outcomes.push({ error: { ...(err.code !== undefined ? { code: err.code } : {}), message: err.message } });
    }
  }
  port.postMessage({ ids: request.ids, outcomes } satisfies ReadReply, transfer);
});
