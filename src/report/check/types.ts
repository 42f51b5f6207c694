import type { Finding, RuleInfo } from '../../check/findings.js';

/** Everything a `check` formatter sees. Findings are sorted (file, line, column, entry). */
export interface CheckReport {
  tool: { name: string; version: string; informationUri?: string };
  findings: Finding[];
  /** The entries of the lexicons used, by id: SARIF rules and help text. */
  rules: RuleInfo[];
  summary: {
    files: number;
    errors: number;
    warnings: number;
    infos: number;
    suppressed: number;
    allowed: number;
    baselined: number;
  };
  color: boolean;
}

/** A pure function: the report in, the whole output out. */
export type CheckFormatter = (report: CheckReport) => string;
