/**
 * --cache: results of documents that have not changed since the last run are reused. A record is
 * reused when the document's id, metadata and text (sha256), the lexicon (sha256), the tool
 * version, the code that analyses documents (`analysisCodeStamp`) and the options that shape
 * results are all the same. The cache file holds the records, so it holds what the output holds
 * (no document text with --no-context). Entries not seen in a run are dropped when it is saved, so
 * the file tracks the corpus and does not grow without bound.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readTextFile } from '../bounded-read.js';
import { writeOutputFile } from '../atomic-write.js';
import { dirname } from 'node:path';
import type { DocumentItem } from '../io/documents.js';
import type { RecordResult } from '../analyze.js';
import { codeStamp } from '../code-stamp.js';

export const DEFAULT_CACHE_LOCATION = '.harmlex-cache/scan.json';

/** The fingerprint of the code a record depends on: compiling, matching, scoring and speaker turns (not reading or writing). */
export function analysisCodeStamp(): string {
  return codeStamp(['analyze', 'lexicon', 'scan', 'score', 'text', 'types']);
}

/**
 * The default cache file of a run: one per shard, since a cache keeps only the documents its run
 * saw, and shards sharing one file (in turn or at once) would drop each other's entries.
 */
export function defaultCacheLocation(shard: { index: number; count: number } | null): string {
  return shard === null ? DEFAULT_CACHE_LOCATION : `.harmlex-cache/scan-shard-${shard.index}-of-${shard.count}.json`;
}
/** 2: each record carries a checksum (a hand-edited or damaged record is recomputed, not reused). */
const CACHE_FORMAT = 2;
/** A cache file larger than this is not read (the run starts with an empty cache). */
const MAX_CACHE_SIZE = 1024 * 1024 * 1024;
/** How the file this class writes begins (JSON.stringify keeps key order). */
const CACHE_PREFIX = '{"format":';

interface CacheFile {
  format: number;
  /** Tool version, lexicon hash and options: a change empties the cache. */
  context: string;
  records: Record<string, RecordResult>;
  /** sha256 of each record's JSON, by key. */
  sums: Record<string, string>;
}

export function documentKey(d: DocumentItem): string | null {
  if (d.kind !== 'document') return null; // skips are re-checked every run
  return createHash('sha256').update(JSON.stringify([d.id, d.source ?? null, d.meta ?? null, d.turns ?? null, d.lineOffset ?? null])).update('\u0000').update(d.text).digest('hex');
}

/** Is this what a record of the cache looks like? A damaged or hand-edited entry is not reused. */
function looksLikeRecord(r: unknown): r is RecordResult {
  if (typeof r !== 'object' || r === null) return false;
  const x = r as Record<string, unknown>;
  if (typeof x.id !== 'string') return false;
  if (x.status === 'skipped') return typeof x.reason === 'string';
  return x.status === 'ok' && typeof x.words === 'number' && typeof x.placement === 'string' && Array.isArray(x.matches) && typeof x.scores === 'object' && x.scores !== null;
}

function recordSum(r: RecordResult): string {
  return createHash('sha256').update(JSON.stringify(r)).digest('hex');
}

export class ResultCache {
  private readonly sums: Record<string, string> = Object.create(null) as Record<string, string>;
  private readonly previous: Record<string, RecordResult>;
  /** The file exists but is not a cache of ours: it is never overwritten. */
  private foreign = false;
  private readonly next: Record<string, RecordResult> = Object.create(null) as Record<string, RecordResult>;
  hits = 0;
  misses = 0;

  constructor(
    private readonly file: string,
    private readonly context: string,
  ) {
    this.previous = Object.create(null) as Record<string, RecordResult>;
    let text: string;
    try {
      text = readTextFile(file, MAX_CACHE_SIZE);
    } catch {
      return; // no cache yet, or unreadable: start empty (the cache only ever saves time)
    }
    // Every cache this tool writes starts so; anything else (a --cache-location that names a file
    // of the user's) is never overwritten. A damaged cache of ours starts empty and is replaced.
    if (!text.startsWith(CACHE_PREFIX)) {
      this.foreign = text.length > 0;
      return;
    }
    try {
      const json = JSON.parse(text) as Partial<CacheFile>;
      if (json.format === CACHE_FORMAT && json.context === context && json.records && typeof json.records === 'object' && json.sums && typeof json.sums === 'object') {
        Object.assign(this.previous, json.records);
        Object.assign(this.sums, json.sums);
      }
    } catch {
      // damaged: start empty
    }
  }

  get(key: string): RecordResult | undefined {
    const had = this.previous[key];
    // Reused only when it is the record this tool wrote: same shape, same checksum.
    const r = looksLikeRecord(had) && this.sums[key] === recordSum(had) ? had : undefined;
    if (r) {
      this.hits++;
      this.next[key] = r;
    } else this.misses++;
    return r;
  }

  set(key: string, record: RecordResult): void {
    this.next[key] = record;
  }

  /** Write atomically (a temporary file renamed over the old one). */
  save(): void {
    if (this.foreign) throw new Error(`${this.file} exists and is not a harmlex cache; it was left as it is (choose another --cache-location)`);
    // Only the file's own folder is made (.harmlex-cache): a missing path above it is an error to report.
    // (Node's recursive mkdir can also spin forever under /proc.)
    try {
      mkdirSync(dirname(this.file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const sums: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const key of Object.keys(this.next)) sums[key] = recordSum(this.next[key]!);
    writeOutputFile(this.file, JSON.stringify({ format: CACHE_FORMAT, context: this.context, records: this.next, sums } satisfies CacheFile));
  }
}
