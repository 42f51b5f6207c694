/**
 * The entry script of a scan worker thread (started by io/pool.ts from `SCAN_WORKER`): io's batch
 * loop, with the report's formatter injected, so that io/ never imports report/.
 */
import { serveBatches } from '../io/worker.js';
import { formatRecord, getFormatter, type ReportContext, type ScanFormat } from '../report/index.js';

await serveBatches((r, how) => formatRecord(getFormatter(how.format as ScanFormat), r, how.ctx as ReportContext, -1));
