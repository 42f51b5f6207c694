/**
 * Human codes files for `harmlex agree`: a CSV with an id column and columns for `placement` and/or
 * each principle (0/1) and/or `stigma` (0/1) and/or `any_principle` (0/1). Pure: takes the parsed
 * rows. Ids match document ids with or without folder and extension (see `idKeys`).
 */
import { PLACEMENTS, PRINCIPLES } from '../types.js';
import { compareCode, type CodeAgreement } from './agreement.js';
import { fieldValue, hasPrinciple, hasStigma, idKeys, type ResultRecord } from './types.js';

export const BINARY_CODES = [...PRINCIPLES, 'any_principle', 'stigma'] as const;
export const CODES = ['placement', ...BINARY_CODES] as const;
export type CodeName = (typeof CODES)[number];

const ID_COLUMNS = ['id', 'document', 'doc', 'document_id', 'file', 'filename', 'transcript'];

export interface CodesTable {
  name: string;
  /** The codes present as columns, in CODES order. */
  codes: CodeName[];
  /** id -> code -> normalised value ("1"/"0", or a placement); missing cells are absent. */
  items: Map<string, Partial<Record<CodeName, string>>>;
  problems: string[];
  /** Columns that are not codes (kept out of the comparison). */
  ignored: string[];
}

const YES = new Set(['1', 'yes', 'y', 'true', 't', 'present', 'x']);
const NO = new Set(['0', 'no', 'n', 'false', 'f', 'absent']);

function normPlacement(v: string): string | undefined {
  const s = v.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (s === 'none' || s === 'no-evidence' || s === 'noevidence') return 'no-evidence';
  return (PLACEMENTS as readonly string[]).includes(s) ? s : undefined;
}

function normHeader(h: string): string {
  const s = h.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (s === 'accountability_without_termination') return 'accountability';
  if (s === 'stigmatizing' || s === 'stigmatising' || s === 'stigmatizing_language' || s === 'stigma_any') return 'stigma';
  return s;
}

/** `join`: a column to key the rows by instead of the id column (agree --join), when the file has it. */
export function parseCodes(rows: readonly Record<string, string>[], name: string, join?: string): CodesTable {
  const problems: string[] = [];
  const items = new Map<string, Partial<Record<CodeName, string>>>();
  const headers = rows.length ? Object.keys(rows[0]!) : [];
  const joinCol = join === undefined ? undefined : headers.find((h) => h === join) ?? headers.find((h) => normHeader(h) === normHeader(join));
  const idCol = joinCol ?? headers.find((h) => ID_COLUMNS.includes(normHeader(h))) ?? headers[0];
  const codeCols = new Map<CodeName, string>();
  const ignored: string[] = [];
  for (const h of headers) {
    if (h === idCol) continue;
    const n = normHeader(h);
    if ((CODES as readonly string[]).includes(n)) codeCols.set(n as CodeName, h);
    else ignored.push(h);
  }
  if (!idCol) problems.push(`${name}: no rows`);
  else if (codeCols.size === 0) problems.push(`${name}: no code columns (expected placement, ${PRINCIPLES.join(', ')}, any_principle or stigma)`);
  rows.forEach((row, i) => {
    const line = i + 2;
    const id = (row[idCol!] ?? '').trim();
    if (!id) {
      problems.push(`${name}:${line}: empty id`);
      return;
    }
    if (items.has(id)) problems.push(`${name}:${line}: id "${id}" appears twice; the later row is used`);
    const values: Partial<Record<CodeName, string>> = {};
    for (const [code, col] of codeCols) {
      const raw = (row[col] ?? '').trim();
      if (raw === '' || raw.toUpperCase() === 'NA' || raw === '.') continue;
      if (code === 'placement') {
        const p = normPlacement(raw);
        if (p) values.placement = p;
        else problems.push(`${name}:${line}: placement "${raw}" is not one of ${PLACEMENTS.join(', ')}`);
      } else {
        const l = raw.toLowerCase();
        if (YES.has(l)) values[code] = '1';
        else if (NO.has(l)) values[code] = '0';
        else problems.push(`${name}:${line}: ${col} "${raw}" is not 0 or 1`);
      }
    }
    items.set(id, values);
  });
  return { name, codes: CODES.filter((c) => codeCols.has(c)), items, problems, ignored };
}

/** harmlex's codes for a scored document, in the same terms as a codes file. */
export function machineCodes(r: ResultRecord): Partial<Record<CodeName, string>> {
  if (r.status !== 'ok') return {};
  const out: Partial<Record<CodeName, string>> = {};
  if (r.placement) out.placement = r.placement;
  let any = false;
  for (const p of PRINCIPLES) {
    const has = hasPrinciple(r, p);
    any ||= has;
    out[p] = has ? '1' : '0';
  }
  out.any_principle = any ? '1' : '0';
  out.stigma = hasStigma(r) ? '1' : '0';
  return out;
}

/** An index of named things by every key of their id; ambiguous keys map to several. */
export class IdIndex<T> {
  private readonly map = new Map<string, T[]>();
  constructor(entries: Iterable<[string, T]>) {
    for (const [id, v] of entries) {
      for (const k of idKeys(id)) {
        const l = this.map.get(k);
        if (l) {
          if (!l.includes(v)) l.push(v);
        } else this.map.set(k, [v]);
      }
    }
  }
  /** The one thing this id names: the first of its keys that names exactly one. */
  find(id: string): T | undefined {
    for (const k of idKeys(id)) {
      const l = this.map.get(k);
      if (l && l.length === 1) return l[0];
      if (l && l.length > 1) return undefined;
    }
    return undefined;
  }
}

export interface Coder {
  name: string;
  items: Map<string, Partial<Record<CodeName, string>>>;
  codes: CodeName[];
}

/** A record's key for agree --join: its metadata field, else (for `stem`) its file name without extension. */
export function joinKey(r: ResultRecord, join: string): string | undefined {
  const v = fieldValue(r, join);
  if (v !== undefined) return v;
  if (join === 'stem') {
    const base = r.id.replace(/\\/g, '/').replace(/[#:].*$/, '').replace(/^.*\//, '');
    return base.replace(/\.[A-Za-z][A-Za-z0-9]{0,7}$/, '') || undefined;
  }
  return undefined;
}

export interface MachineCoder extends Coder {
  /** Scored records without a value to join on. */
  withoutKey: number;
  /** Join values shared by several records (the first is used). */
  shared: string[];
}

/** harmlex's codes, keyed by record id or (`join`) by a metadata field or `stem`. */
export function harmlexCoder(records: readonly ResultRecord[], join?: string): MachineCoder {
  const items = new Map<string, Partial<Record<CodeName, string>>>();
  let withoutKey = 0;
  const shared = new Set<string>();
  for (const r of records) {
    if (r.status !== 'ok') continue;
    const key = join === undefined ? r.id : joinKey(r, join);
    if (key === undefined) {
      withoutKey++;
      continue;
    }
    if (items.has(key)) {
      shared.add(key);
      continue;
    }
    items.set(key, machineCodes(r));
  }
  return { name: 'harmlex', items, codes: [...CODES], withoutKey, shared: [...shared] };
}

export interface Comparison {
  /** Coder A (tested; harmlex when present) and coder B (the reference). */
  a: string;
  b: string;
  /** Items of B that matched an item of A, and those that did not. */
  matched: number;
  unmatched: string[];
  codes: CodeAgreement[];
}

/** Compare coder A with coder B on every code B has; `withMetrics` for harmlex against a person. */
export function compareCoders(a: Coder, b: Coder, withMetrics: boolean): Comparison {
  const index = new IdIndex(a.items.entries());
  const pairs: [Partial<Record<CodeName, string>>, Partial<Record<CodeName, string>>][] = [];
  const unmatched: string[] = [];
  for (const [id, vb] of b.items) {
    const found = a.items.get(id) ?? index.find(id);
    if (found) pairs.push([found, vb]);
    else unmatched.push(id);
  }
  const codes: CodeAgreement[] = [];
  for (const code of b.codes) {
    if (!a.codes.includes(code)) continue;
    const xa: string[] = [];
    const xb: string[] = [];
    for (const [va, vb] of pairs) {
      if (va[code] === undefined || vb[code] === undefined) continue;
      xa.push(va[code]!);
      xb.push(vb[code]!);
    }
    codes.push(compareCode(code, code === 'placement' ? 'nominal' : 'binary', xa, xb, { withMetrics, labels: code === 'placement' ? PLACEMENTS : undefined }));
  }
  return { a: a.name, b: b.name, matched: pairs.length, unmatched, codes };
}
