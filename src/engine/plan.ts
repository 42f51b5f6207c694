/**
 * Resolved plans: what a `scan` or a `check` run does, decided before anything runs (as ripgrep
 * turns its low-level arguments into high-level ones before it builds the matcher and printer).
 * The CLI makes them from parsed flags (cli/plan-scan.ts `planScan`, cli/plan-check.ts
 * `planCheck`); the engine runs them (engine/scan.ts, engine/check.ts). Plain data with the
 * readers and compiled patterns they need: no file has been read to make one.
 */
import type { Readers } from '../io/documents.js';
import type { PathMeta } from '../io/meta.js';
import type { Shard } from '../scale/shard.js';
import type { CheckFormat } from '../report/check/index.js';
import type { ScanFormat } from '../report/index.js';
import type { WordPass } from '../scan/wordpass.js';
import type { Severity } from '../types.js';
import type { SortKey } from '../research/rank.js';

/**
 * The optimisations a run may use, each with a switch so it can be measured on its own (`npm run
 * bench`, docs/performance.md): the environment variables HARMLEX_WORDPASS (js, wasm),
 * HARMLEX_READ_AHEAD, HARMLEX_WORKERS, HARMLEX_PATTERN_FILTER and HARMLEX_PRECOMPUTED (on,
 * off). None changes an output.
 */
export interface Switches {
  /** The matcher's word pass: WebAssembly (the default) or JavaScript only. */
  wordPass: WordPass;
  /** Read files ahead on a helper thread. */
  readAhead: boolean;
  /** Start worker threads (off: every document in the main thread, whatever --jobs says). */
  workers: boolean;
  /** The pattern prefilter: a lexicon pattern runs only on texts with the words it needs (scan/pattern-filter.ts). */
  patternFilter: boolean;
  /** The built-in lexicon's patterns as the build checked and analysed them (CompiledLexicon.built). */
  precomputed: boolean;
}

/** Where a run's lexicon comes from: files merged in order ("default" is the built-in one), or the built-in one. */
export interface LexiconSource {
  paths: string[] | undefined;
  /** The compiled-lexicon cache folder (null: no cache). */
  cacheDir: string | null;
}

/** What `scan --matches/--summary...` writes besides the records. */
export interface ResearchPlan {
  matches?: string;
  summary?: boolean;
  summaryBy?: string[];
  summaryOutput?: string;
  /** --bom: a CSV match file or summary starts with a UTF-8 byte order mark too. */
  bom?: boolean;
  /** --csv-raw: a CSV match file or summary writes its cells as they are, as the records do. */
  csvRaw?: boolean;
}

export interface ScanPlan {
  /** Files, folders and globs (standard input, "-", is `stdin`). */
  paths: string[];
  /** Extensions picked up from folders and globs. */
  extensions: string[];
  /** No error when the inputs hold no documents or a glob matches nothing. */
  allowEmpty: boolean;
  /** Standard input: how it is read, and whether it streams (JSONL, a line in, a record out); null when not read. */
  stdin: { format: string; stream: boolean } | null;
  readers: Readers;
  /** `encoding`: the inputs' when not UTF-8 (--encoding), made UTF-8 before any reader sees them. */
  read: { cwd: string; maxFileSize: number; stdinId: string; textColumn: string; idColumn: string; encoding?: string };
  lexicon: LexiconSource;
  analysis: {
    noContext: boolean;
    wordPass: WordPass;
    patternFilter: boolean;
    precomputed: boolean;
    /** Speakers kept or left out (undefined: all). */
    include?: string[];
    exclude?: string[];
    /** --speaker-pattern, checked; else the lexicon's settings give it. */
    speakerPattern?: string;
    groupBy?: string;
    metaFromPath?: { source: string; meta: PathMeta };
    /** --keep-columns, --drop-columns: the metadata that pass into the outputs. */
    keepColumns?: string[];
    dropColumns?: string[];
  };
  output: {
    format: ScanFormat;
    /** A file; undefined for standard output. */
    path?: string;
    header: boolean;
    color: boolean;
    /** Standard output carries machine output (CSV/JSON/JSONL): a summary goes to standard error. */
    stdoutIsMachine: boolean;
    /** --sort / --top: the records written ranked, what to read first first (only the first `top`). */
    rank?: { key: SortKey; top?: number };
    /** --bom: CSV output starts with a UTF-8 byte order mark. */
    bom?: boolean;
    /** --csv-raw: CSV cells as they are (no `'` before a cell that starts like a formula). */
    csvRaw?: boolean;
    /** The terminal's width: the table format fits it, shortening snippets. */
    width?: number;
  };
  research: ResearchPlan | null;
  shard: { shard: Shard; spec: string } | null;
  /** --cache: where its file is (relative to `read.cwd`). */
  cache: { location: string } | null;
  /** Draw the progress line on standard error. */
  progress: boolean;
  /** Worker threads: how many, and whether asked for by number (used from the first document) or the default. */
  jobs: { count: number; explicit: boolean };
  /** Read files ahead on a helper thread (a run of many files, not standard input). */
  readAhead: boolean;
  /** Messages about the flags, for the person running harmlex (an output name that implies a format the command cannot write). */
  notes: string[];
}

export interface CheckPlan {
  /** Files, folders and globs ("." when none were given). */
  paths: string[];
  extensions: string[];
  allowEmpty: boolean;
  /** Standard input, named for config, ignore and template rules; null when not read. */
  stdin: { filename: string; id: string } | null;
  readers: Readers;
  read: { cwd: string; maxFileSize: number; stdinId: string };
  lexicon: LexiconSource;
  /** A config file for every input, one found per folder (up to the repository root), or none. */
  config: { kind: 'file'; path: string } | { kind: 'discover' } | { kind: 'none' };
  /** Suppression comments apply (the default; false: --no-inline-config, they are text like any other). */
  inlineConfig?: boolean;
  /** --print-config: show the config that applies to each path, check nothing. */
  printConfig?: boolean;
  baseline?: string;
  writeBaseline?: string;
  policy: { failOn?: Severity; maxWarnings?: number };
  /** Principle and structural indicators too (as info). */
  all: boolean;
  wordPass: WordPass;
  patternFilter: boolean;
  precomputed: boolean;
  reportUnusedSuppressions: boolean;
  /** Errors only in the report (the exit code is the same). */
  quiet: boolean;
  /** The folder SARIF paths are relative to (else git's top level, else the working directory). */
  root?: string;
  output: { format: CheckFormat; path?: string; color: boolean };
  /** Messages about the flags, for the person running harmlex (an output name that implies a format the command cannot write). */
  notes: string[];
}
