/**
 * `scan`'s flags -> a resolved plan (engine/plan.ts `ScanPlan`). Pure: it reads no file and starts
 * nothing; what it needs of the outside world (working directory, terminals, cores) comes in `env`.
 * Usage errors are found here, before any work.
 */
import { compilePathMeta } from '../io/meta.js';
import { DOCUMENT_READERS } from '../io/readers/index.js';
import { DOCUMENT_EXTENSIONS } from '../io/files.js';
import { getFormatter, SCAN_FORMATS, type ScanFormat } from '../report/index.js';
import { defaultCacheLocation } from '../scale/cache.js';
import { parseShard } from '../scale/shard.js';
import type { ScanPlan, Switches } from '../engine/plan.js';
import { UsageError } from './errors.js';
import type { SortKey } from '../research/rank.js';
import { chooseOutputFormat } from './io.js';

/** The parsed flags of `scan` (commander's names). */
export interface ScanOptions {
  format?: ScanFormat;
  output?: string;
  lexicon?: string[];
  context: boolean;
  ext?: string[];
  maxFileSize: number;
  allowEmpty?: boolean;
  stdinId: string;
  color?: boolean;
  textColumn: string;
  idColumn: string;
  speaker?: string[];
  excludeSpeaker?: string[];
  speakerPattern?: string;
  groupBy?: string;
  metaFromPath?: string;
  stdinFormat?: string;
  jobs?: number;
  shard?: string;
  header: boolean;
  cache?: boolean;
  cacheLocation?: string;
  progress: boolean;
  keepColumns?: string[];
  dropColumns?: string[];
  matches?: string;
  summary?: boolean;
  summaryBy?: string[];
  summaryOutput?: string;
  sort?: SortKey;
  top?: number;
  encoding?: string;
  bom?: boolean;
  csvRaw?: boolean;
}

/** What a plan needs to know of where it runs. */
export interface PlanEnv {
  cwd: string;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Colour is wanted on standard output when it is a terminal (NO_COLOR, FORCE_COLOR: see cli/io.ts `useColor`). */
  color: boolean;
  /** Cores available: the default number of worker threads. */
  cpus: number;
  /** The compiled-lexicon cache folder (null: off). */
  lexiconCache: string | null;
  /** The terminal's width (COLUMNS), which the table format fits. */
  width?: number;
  /** The optimisation switches (HARMLEX_WORDPASS, HARMLEX_READ_AHEAD, HARMLEX_WORKERS). */
  switches: Switches;
}

/** The names given (repeatable and comma-separated: `--exclude-speaker Interviewer,I`), or undefined. */
export function names(list: string[] | undefined): string[] | undefined {
  const out = list?.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean);
  return out?.length ? out : undefined;
}

export function planScan(paths: readonly string[], opts: ScanOptions, env: PlanEnv): ScanPlan {
  if (paths.length === 0 && env.stdinIsTTY) throw new UsageError('no input: give files, folders or globs, or pipe text to standard input (see harmlex scan --help)');
  const useStdin = paths.includes('-') || paths.length === 0;
  let shard: ScanPlan['shard'] = null;
  if (opts.shard !== undefined) {
    const parsed = parseShard(opts.shard);
    if (typeof parsed === 'string') throw new UsageError(`--shard ${parsed}`);
    shard = { shard: parsed, spec: opts.shard };
  }
  let metaFromPath: ScanPlan['analysis']['metaFromPath'];
  if (opts.metaFromPath !== undefined) {
    const meta = compilePathMeta(opts.metaFromPath);
    if (typeof meta === 'string') throw new UsageError(`--meta-from-path: ${meta}`);
    metaFromPath = { source: opts.metaFromPath, meta };
  }
  const { format, note } = chooseOutputFormat(opts.format, opts.output, SCAN_FORMATS, env.stdoutIsTTY && !opts.output ? 'table' : 'csv');
  const stdinFormat = opts.stdinFormat ?? 'txt';
  const research = opts.matches || opts.summary || opts.summaryOutput || opts.summaryBy?.length;
  return {
    paths: paths.filter((p) => p !== '-'),
    extensions: opts.ext?.length ? opts.ext : DOCUMENT_EXTENSIONS,
    allowEmpty: Boolean(opts.allowEmpty),
    // JSONL on standard input streams (a line in, a record out) unless its fields are needed first:
    // for the CSV header, or to check the --group-by field.
    // (Input in another encoding is read whole, to be made UTF-8 first.)
    stdin: useStdin ? { format: stdinFormat, stream: stdinFormat === 'jsonl' && format !== 'csv' && opts.groupBy === undefined && opts.encoding === undefined } : null,
    readers: DOCUMENT_READERS,
    read: { cwd: env.cwd, maxFileSize: opts.maxFileSize, stdinId: opts.stdinId, textColumn: opts.textColumn, idColumn: opts.idColumn, ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}) },
    lexicon: { paths: opts.lexicon, cacheDir: env.lexiconCache },
    analysis: {
      noContext: !opts.context,
      wordPass: env.switches.wordPass,
      patternFilter: env.switches.patternFilter,
      precomputed: env.switches.precomputed,
      ...(names(opts.speaker) ? { include: names(opts.speaker) } : {}),
      ...(names(opts.excludeSpeaker) ? { exclude: names(opts.excludeSpeaker) } : {}),
      ...(opts.speakerPattern !== undefined ? { speakerPattern: opts.speakerPattern } : {}),
      ...(opts.groupBy !== undefined ? { groupBy: opts.groupBy } : {}),
      ...(metaFromPath ? { metaFromPath } : {}),
      ...(names(opts.keepColumns) ? { keepColumns: names(opts.keepColumns) } : {}),
      ...(names(opts.dropColumns) ? { dropColumns: names(opts.dropColumns) } : {}),
    },
    output: {
      format,
      ...(opts.output !== undefined ? { path: opts.output } : {}),
      header: opts.header,
      color: format === 'table' && opts.color !== false && !opts.output && env.color,
      stdoutIsMachine: getFormatter(format).machine && !opts.output,
      ...(opts.bom && format === 'csv' ? { bom: true } : {}),
      ...(opts.csvRaw ? { csvRaw: true } : {}),
      ...(format === 'table' && env.width !== undefined && !opts.output ? { width: env.width } : {}),
      ...(opts.sort !== undefined || opts.top !== undefined ? { rank: { key: opts.sort ?? 'continuum', ...(opts.top !== undefined ? { top: opts.top } : {}) } } : {}),
    },
    research: research ? { matches: opts.matches, summary: opts.summary, summaryBy: opts.summaryBy, summaryOutput: opts.summaryOutput, ...(opts.bom ? { bom: true } : {}), ...(opts.csvRaw ? { csvRaw: true } : {}) } : null,
    shard,
    cache: opts.cache ? { location: opts.cacheLocation ?? defaultCacheLocation(shard?.shard ?? null) } : null,
    progress: opts.progress && env.stderrIsTTY,
    // At most one worker a core: each holds a compiled lexicon (`--jobs 100000` once took 7.8 GB).
    jobs: env.switches.workers ? { count: Math.min(opts.jobs ?? env.cpus, env.cpus), explicit: opts.jobs !== undefined } : { count: 1, explicit: true },
    readAhead: env.switches.readAhead,
    notes: [
      ...(note ? [note] : []),
      ...(opts.bom && format !== 'csv' && !opts.matches && !opts.summaryOutput ? [`--bom: only CSV output takes a byte order mark; ${format} is written without one`] : []),
      ...(opts.jobs !== undefined && opts.jobs > env.cpus ? [`--jobs ${opts.jobs}: this machine has ${env.cpus} core${env.cpus === 1 ? '' : 's'}; using ${env.cpus}`] : []),
    ],
  };
}
