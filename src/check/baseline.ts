/**
 * Baselines: record today's findings so a team can switch the check on and see only new ones.
 * A finding is keyed by file, entry and a fingerprint of its line's content (lower-cased, white space
 * collapsed), so it survives lines moving up or down; identical keys are counted, so a second copy of
 * a baselined line is new. Pure (the CLI reads and writes the file).
 */
import { createHash } from 'node:crypto';
import { describeJsonError } from '../parse-errors.js';
import type { Finding } from './findings.js';

export interface BaselineEntry {
  file: string;
  entry: string;
  fingerprint: string;
  count: number;
}

export interface Baseline {
  harmlexBaseline: 1;
  findings: BaselineEntry[];
}

export function fingerprint(f: Pick<Finding, 'entry' | 'lineText'>): string {
  const line = f.lineText.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${f.entry}\u0000${line}`).digest('hex').slice(0, 16);
}

const keyOf = (file: string, entry: string, fp: string) => `${file}\u0000${entry}\u0000${fp}`;

/** `relFile` maps a finding's file to the path stored in the baseline (relative to the baseline). */
export function buildBaseline(findings: readonly Finding[], relFile: (file: string) => string = (f) => f): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (!f.problem) continue;
    const file = relFile(f.file);
    const fp = fingerprint(f);
    const k = keyOf(file, f.entry, fp);
    const e = counts.get(k);
    if (e) e.count++;
    else counts.set(k, { file, entry: f.entry, fingerprint: fp, count: 1 });
  }
  const list = [...counts.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return { harmlexBaseline: 1, findings: list };
}

/** Parse a baseline file's text; returns an error message instead when it is not one. */
export function parseBaseline(text: string): Baseline | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return describeJsonError(e, text);
  }
  const b = data as Partial<Baseline>;
  if (!b || typeof b !== 'object' || b.harmlexBaseline !== 1 || !Array.isArray(b.findings)) return 'not a harmlex baseline (expected {"harmlexBaseline": 1, "findings": [...]})';
  for (const [i, e] of b.findings.entries()) {
    if (!e || typeof e.file !== 'string' || typeof e.entry !== 'string' || typeof e.fingerprint !== 'string' || !Number.isInteger(e.count) || e.count < 1) {
      return `findings[${i}] is not a baseline entry (file, entry, fingerprint, count)`;
    }
  }
  return b as Baseline;
}

/** The findings not covered by the baseline (in their order); a key's first `count` findings are covered. */
export function filterNew(findings: readonly Finding[], baseline: Baseline, relFile: (file: string) => string = (f) => f): { fresh: Finding[]; known: number; knownFindings: Finding[] } {
  const left = new Map<string, number>();
  for (const e of baseline.findings) left.set(keyOf(e.file, e.entry, e.fingerprint), (left.get(keyOf(e.file, e.entry, e.fingerprint)) ?? 0) + e.count);
  const fresh: Finding[] = [];
  const knownFindings: Finding[] = [];
  let known = 0;
  for (const f of findings) {
    if (!f.problem) {
      fresh.push(f);
      continue;
    }
    const k = keyOf(relFile(f.file), f.entry, fingerprint(f));
    const n = left.get(k) ?? 0;
    if (n > 0) {
      left.set(k, n - 1);
      known++;
      knownFindings.push(f);
    } else fresh.push(f);
  }
  return { fresh, known, knownFindings };
}
