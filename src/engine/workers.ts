/** The scripts of the engine's worker threads, for io/pool.ts to start (never imported: they run on import). */

/** A scan worker: engine/scan-worker.ts. */
export const SCAN_WORKER = new URL('./scan-worker.js', import.meta.url);
