import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileTask, ScanItem } from '../../src/io/documents.js';
import { poolAnalyzer, workerCount } from '../../src/io/pool.js';
import { isFormatted, type AnalyzedRecord, type FormattedRecord } from '../../src/io/pipeline.js';
import { analyzeDocument } from '../../src/analyze.js';
import { getFormatter, type ReportContext } from '../../src/report/index.js';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
import { DOCUMENT_READERS } from '../../src/io/readers/index.js';
import { SCAN_WORKER } from '../../src/engine/workers.js';
import { tempDir } from '../helpers.js';

describe('worker count', () => {
  it('by default, rows parsed on the main thread leave it a core; files read by the workers get one worker per core', () => {
    expect(workerCount({ jobs: 2, leaveCoreForParsing: true }, 'document')).toBe(1);
    expect(workerCount({ jobs: 8, leaveCoreForParsing: true }, 'skipped')).toBe(7);
    expect(workerCount({ jobs: 2, leaveCoreForParsing: true }, 'file')).toBe(2);
    expect(workerCount({ jobs: 1, leaveCoreForParsing: true }, 'document')).toBe(1);
  });

  it('an explicit --jobs is taken as it is', () => {
    expect(workerCount({ jobs: 2, leaveCoreForParsing: false }, 'document')).toBe(2);
    expect(workerCount({ jobs: 3 }, 'document')).toBe(3);
  });
});

describe('when the workers start', () => {
  it('files are counted by the text read from them, so a folder of large files starts the workers', async () => {
    const { compiled } = await loadDefaultLexicon();
    const dir = tempDir();
    const tasks: FileTask[] = [1, 2, 3].map((i) => {
      const path = join(dir, `big-${i}.txt`);
      writeFileSync(path, 'It is their choice. '.repeat(1000)); // 20,000 characters each
      return { kind: 'file', file: { path, explicit: true }, full: path, short: null, pathMeta: null };
    });
    let started = 0;
    const analyze = poolAnalyzer(compiled, {}, { cwd: dir, maxFileSize: 1e9, stdinId: 'stdin' }, {
      jobs: 2,
      readers: DOCUMENT_READERS, worker: SCAN_WORKER,
      startAfterChars: 30_000,
      onStart: () => started++,
    });
    async function* items(): AsyncGenerator<ScanItem> {
      yield* tasks;
    }
    const ids: string[] = [];
    for await (const r of analyze(items())) ids.push(r.id);
    expect(ids).toEqual(['big-1.txt', 'big-2.txt', 'big-3.txt']); // in input order, from this thread and a worker
    expect(started).toBe(1); // after the second file: 40,000 characters read
  });
});

describe('records written by the workers', () => {
  it('are the lines this thread would write, with what the summary needs; a format that needs positions is not offered', async () => {
    const { compiled } = await loadDefaultLexicon();
    const dir = tempDir();
    const texts = ['He is an addict.', 'It is their choice, and we offer naloxone.', 'Nothing to see here.'];
    const tasks: FileTask[] = texts.map((t, i) => {
      const path = join(dir, `d-${i}.txt`);
      writeFileSync(path, t);
      return { kind: 'file', file: { path, explicit: true }, full: path, short: null, pathMeta: null };
    });
    const ctx: ReportContext = { tool: { name: 'harmlex', version: 't' }, lexicon: { name: 'l', version: '1', sha256: 'x' }, options: {}, metaKeys: [], color: false, noContext: false };
    const readOptions = { cwd: dir, maxFileSize: 1e9, stdinId: 'stdin' };
    async function* items(): AsyncGenerator<ScanItem> {
      yield* tasks;
    }
    for (const format of ['jsonl', 'csv'] as const) {
      const analyze = poolAnalyzer(compiled, {}, readOptions, { jobs: 2, readers: DOCUMENT_READERS, worker: SCAN_WORKER, startAfterChars: 0, format: { format, ctx } });
      const out: AnalyzedRecord[] = [];
      for await (const r of analyze(items())) out.push(r);
      expect(out.every(isFormatted)).toBe(true);
      const expected = tasks.map((t, i) => analyzeDocument({ id: `d-${i}.txt`, source: `d-${i}.txt`, text: readFileSync(t.file.path, 'utf8') }, compiled)); // ids relative to cwd
      expect(out.map((r) => (r as FormattedRecord).formatted)).toEqual(expected.map((r) => getFormatter(format).record(r, ctx, 0)));
      expect(out.map((r) => [(r as FormattedRecord).placement, (r as FormattedRecord).matches])).toEqual(expected.map((r) => [r.placement, r.matches.length]));
    }
    expect(getFormatter('json').positional).toBe(true);
  });
});
