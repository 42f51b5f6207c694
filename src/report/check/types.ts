import type { Finding, RuleInfo } from '../../check/findings.js';

/** A finding that did not count: a suppression comment in the file, the configuration's allow-list, or the baseline. */
export interface SuppressedFinding {
  finding: Finding;
  /** SARIF's kinds: `inSource` (a comment in the file), `external` (configuration or baseline). */
  kind: 'inSource' | 'external';
  justification: string;
}

/** Everything a `check` formatter sees. Findings are sorted (file, line, column, entry). */
export interface CheckReport {
  tool: { name: string; version: string; informationUri?: string };
  findings: Finding[];
  /**
   * The path from the repository root to the working folder (`/`-separated, '' when they are the
   * same): SARIF paths are relative to the repository root, so code scanning places them.
   */
  rootPrefix?: string;
  /** Findings that did not count, for formats that carry them (SARIF, as suppressed results); sorted as `findings`. */
  suppressed?: SuppressedFinding[];
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
