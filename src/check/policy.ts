/**
 * The failure policy of `harmlex check`: which findings fail a run. A problem fails it when its
 * severity is at or above `failOn` (default `warning`); more than `maxWarnings` warnings fail it too.
 * Indicators shown with --all are never problems. Pure.
 */
import type { Severity } from '../types.js';
import type { Finding } from './findings.js';

export const DEFAULT_FAIL_ON: Severity = 'warning';
const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export function atLeast(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

export interface PolicyOptions {
  failOn?: Severity;
  /** A per-file threshold (config overrides); falls back to failOn. */
  failOnFor?: (file: string) => Severity | undefined;
  maxWarnings?: number;
}

export interface PolicyResult {
  errors: number;
  warnings: number;
  infos: number;
  /** Problems at or above their threshold. */
  failing: number;
  fail: boolean;
  reasons: string[];
}

export function evaluatePolicy(findings: readonly Finding[], options: PolicyOptions = {}): PolicyResult {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let failing = 0;
  for (const f of findings) {
    if (!f.problem) continue;
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
    const threshold = options.failOnFor?.(f.file) ?? options.failOn ?? DEFAULT_FAIL_ON;
    if (atLeast(f.severity, threshold)) failing++;
  }
  const reasons: string[] = [];
  if (failing) reasons.push(`${failing} finding${failing === 1 ? '' : 's'} at or above the --fail-on threshold`);
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) reasons.push(`${warnings} warnings, more than --max-warnings ${options.maxWarnings}`);
  return { errors, warnings, infos, failing, fail: reasons.length > 0, reasons };
}
