/**
 * Reading scan results back for the research commands: JSONL (one record a line), JSON (the
 * `{documents: [...]}` object `scan --format json` writes) and CSV (one row per document; no
 * matches). Several files merge into one list, in the order given; a document id seen twice is
 * kept once (the later file wins) and reported, so shards from separate runs never double-count.
 */
import { resolve } from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, readErrorReason, readTextFile } from '../bounded-read.js';
import { parse } from 'csv-parse/sync';
import type { ResultRecord } from '../research/types.js';
import { describeCsvError, describeJsonError } from '../parse-errors.js';
import { CSV_COLUMNS, PLACEMENTS, PRINCIPLES, type Placement } from '../types.js';

export interface ReadResultsOutcome {
  records: ResultRecord[];
  /** Human-readable notes (duplicates, blank lines): the CLI prints them as warnings. */
  warnings: string[];
}

export class ResultsError extends Error {}

export type ResultsFormat = 'jsonl' | 'json' | 'csv';

export function detectResultsFormat(file: string, text: string): ResultsFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  const head = text.trimStart();
  if (head.startsWith('{')) {
    const firstLine = head.split('\n', 1)[0]!.trim();
    try {
      const o = JSON.parse(firstLine) as Record<string, unknown>;
      if (o && typeof o === 'object' && 'id' in o) return 'jsonl';
    } catch {
      /* not one object a line */
    }
    return 'json';
  }
  return 'csv';
}

function checkRecord(o: unknown, where: string): ResultRecord {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new ResultsError(`${where}: not a result record (expected an object)`);
  const r = o as ResultRecord;
  if (typeof r.id !== 'string') throw new ResultsError(`${where}: a result record needs a string "id"`);
  if (r.status !== 'ok' && r.status !== 'skipped') throw new ResultsError(`${where}: "status" must be "ok" or "skipped"`);
  if (r.status === 'ok' && r.placement !== undefined && !PLACEMENTS.includes(r.placement)) throw new ResultsError(`${where}: "placement" must be one of ${PLACEMENTS.join(', ')}`);
  return r;
}

export function parseResultsText(text: string, file: string, format = detectResultsFormat(file, text)): ResultRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out: ResultRecord[] = [];
  if (format === 'jsonl') {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch (e) {
        throw new ResultsError(`${file}:${i + 1}: ${describeJsonError(e, line)}`);
      }
      out.push({ ...checkRecord(o, `${file}:${i + 1}`), file });
    });
    return out;
  }
  if (format === 'json') {
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch (e) {
      throw new ResultsError(`${file}: ${describeJsonError(e, text)}`);
    }
    const docs = Array.isArray(o) ? o : (o as { documents?: unknown }).documents;
    if (!Array.isArray(docs)) throw new ResultsError(`${file}: expected the JSON that "harmlex scan --format json" writes (an object with "documents")`);
    docs.forEach((d, i) => out.push({ ...checkRecord(d, `${file}: documents[${i}]`), file }));
    return out;
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  } catch (e) {
    throw new ResultsError(`${file}: ${describeCsvError(e)}`);
  }
  let header: string[] = [];
  try {
    header = ((parse(text, { to_line: 1, bom: true, relax_column_count: true }) as string[][])[0] ?? []);
  } catch {
    header = [];
  }
  if (!(header.includes('id') && header.includes('placement'))) throw new ResultsError(`${file}: expected the CSV that "harmlex scan --format csv" writes (columns id, status, placement, ...)`);
  const known = new Set<string>(CSV_COLUMNS);
  rows.forEach((row, i) => {
    const where = `${file}:${i + 2}`;
    const meta: Record<string, string> = {};
    for (const [k, v] of Object.entries(row)) if (!known.has(k)) meta[k] = v;
    const base = { id: row.id ?? '', ...(Object.keys(meta).length ? { meta } : {}), file };
    if (row.status === 'skipped') {
      out.push(checkRecord({ ...base, status: 'skipped', reason: row.reason ?? '' }, where));
      return;
    }
    const num = (k: string) => (row[k] === undefined || row[k] === '' ? 0 : Number(row[k]));
    const r: ResultRecord = {
      ...base,
      status: 'ok',
      words: num('words'),
      placement: row.placement as Placement,
      continuum: row.continuum === '' || row.continuum === undefined ? null : Number(row.continuum),
      principles: Object.fromEntries(PRINCIPLES.map((p) => [p, num(p)])),
      principles_present: num('principles_present'),
      // The CSV has weighted scores, not counts: enough to tell presence from absence.
      counts: { relational: num('score_relational'), antithetical: num('score_antithetical'), stigma: num('score_stigma'), structural: num('score_structural') },
    };
    out.push(checkRecord(r, where));
  });
  return out;
}

/** Read and merge results files (paths relative to cwd; "-" is not supported here). */
export function readResults(paths: readonly string[], cwd: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): ReadResultsOutcome {
  const warnings: string[] = [];
  const byId = new Map<string, ResultRecord>();
  for (const p of paths) {
    let text: string;
    try {
      text = readTextFile(resolve(cwd, p), maxFileSize);
    } catch (e) {
      throw new ResultsError(`cannot read results ${p}: ${readErrorReason(e)}`);
    }
    for (const r of parseResultsText(text, p)) {
      const prev = byId.get(r.id);
      if (prev) {
        warnings.push(`document ${r.id} is in ${prev.file === p ? `${p} twice` : `${prev.file} and ${p}`}; the later record is used`);
        byId.delete(r.id);
      }
      byId.set(r.id, r);
    }
  }
  return { records: [...byId.values()], warnings };
}


