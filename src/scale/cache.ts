/**
 * --cache: results of documents that have not changed since the last run are reused. A record is
 * reused when the document's id, metadata and text (sha256), the lexicon (sha256), the tool
 * version and the options that shape results are all the same. The cache file holds the records,
 * so it holds what the output holds (no document text with --no-context). Entries not seen in a
 * run are dropped when it is saved, so the file tracks the corpus and does not grow without bound.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DocumentItem } from '../io/documents.js';
import type { RecordResult } from '../analyze.js';

export const DEFAULT_CACHE_LOCATION = '.harmlex-cache/scan.json';
const CACHE_FORMAT = 1;

interface CacheFile {
  format: number;
  /** Tool version, lexicon hash and options: a change empties the cache. */
  context: string;
  records: Record<string, RecordResult>;
}

export function documentKey(d: DocumentItem): string | null {
  if (d.kind !== 'document') return null; // skips are re-checked every run
  return createHash('sha256').update(JSON.stringify([d.id, d.source ?? null, d.meta ?? null, d.turns ?? null, d.lineOffset ?? null])).update('\u0000').update(d.text).digest('hex');
}

export class ResultCache {
  private readonly previous: Record<string, RecordResult>;
  private readonly next: Record<string, RecordResult> = Object.create(null) as Record<string, RecordResult>;
  hits = 0;
  misses = 0;

  constructor(
    private readonly file: string,
    private readonly context: string,
  ) {
    this.previous = Object.create(null) as Record<string, RecordResult>;
    try {
      const json = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
      if (json.format === CACHE_FORMAT && json.context === context && json.records && typeof json.records === 'object') Object.assign(this.previous, json.records);
    } catch {
      // no cache yet, or unreadable: start empty (the cache only ever saves time)
    }
  }

  get(key: string): RecordResult | undefined {
    const r = this.previous[key];
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
    // Only the file's own folder is made (.harmlex-cache): a missing path above it is an error to report.
    // (Node's recursive mkdir can also spin forever under /proc.)
    try {
      mkdirSync(dirname(this.file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: CACHE_FORMAT, context: this.context, records: this.next } satisfies CacheFile));
    renameSync(tmp, this.file);
  }
}
