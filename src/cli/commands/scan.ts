/** `harmlex scan`: measure. Findings never fail a scan; skipped inputs and errors exit 2. */
import { Command, Option } from 'commander';
import type { RecordResult } from '../../analyze.js';
import { DEFAULT_MAX_FILE_SIZE, readFileTask, readStdinDocuments, type FileTask, type ReadOptions, type ScanItem } from '../../io/documents.js';
import { cachedSnapshotText } from '../../lexicon/cache.js';
import { isBuiltInCompiled } from '../../lexicon/load.js';
import { displayPath } from '../../text/paths.js';
import { patternProblem } from '../../lexicon/safety.js';
import { fstatSync, readlinkSync, statSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { DOCUMENT_EXTENSIONS, expandPaths, type InputFile } from '../../io/files.js';
import { groupRecords } from '../../io/group.js';
import { compilePathMeta, keepsMetaKey, metaFromPath, type MetaFilter, type PathMeta } from '../../io/meta.js';
import { DOCUMENT_READERS, isHarmlexOutput, isTabular, readerByName, STDIN_FORMATS, tabularMetaKeys, textMetaKeys } from '../../io/readers/index.js';
import { availableParallelism } from 'node:os';
import { poolAnalyzer } from '../../io/pool.js';
import { SCAN_WORKER } from '../../engine/workers.js';
import { snapshotOf } from '../../lexicon/snapshot.js';
import { analysisCodeStamp, DEFAULT_CACHE_LOCATION, defaultCacheLocation, documentKey, ResultCache } from '../../scale/cache.js';
import { countedRows, Progress } from '../../scale/progress.js';
import { inShard, parseShard, type Shard } from '../../scale/shard.js';
import { analyzeScanItem, briefOf, isFormatted, type AnalyzedRecord, type Analyzer, type RecordBrief, type WorkerFormat } from '../../io/pipeline.js';
import { streamJsonl } from '../../io/readers/jsonl.js';
import { tableOptions } from '../../io/readers/table.js';
import type { DocumentItem } from '../../io/documents.js';
import { formatRecord, getFormatter, SCAN_FORMATS, type ReportContext, type RunSummary, type ScanFormat } from '../../report/index.js';
import { PLACEMENTS, type Placement } from '../../types.js';
import { toolVersion } from '../../version.js';
import { collect, collectList, collectNames, loadLexiconsOrFail, parsePositiveInt, parseSize, warn } from '../common.js';
import { EXIT_ERROR, EXIT_OK, UsageError } from '../errors.js';
import { isStdoutPath, openSink, outputFormat, useColor, type CliIO } from '../io.js';
import type { ScanResearchOptions } from '../scan-research.js';
import { SpeakerCoverage } from '../../research/speaker-coverage.js';

const DEFAULT_EXTENSIONS = DOCUMENT_EXTENSIONS;

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
}

/**
 * Without --jobs, worker threads start once this much text has been read (about 32 MB). Each worker
 * compiles the matcher afresh and runs slowly for its first second or so, so on a smaller corpus
 * one thread finishes as soon and with half the memory (docs/performance.md has the figures).
 */
const AUTO_JOBS_AFTER_CHARS = 32_000_000;

/**
 * Files are read ahead on a helper thread (io/read-file.ts) in runs of up to this many files. A
 * larger run soon passes AUTO_JOBS_AFTER_CHARS, where the workers read their own files; the helper
 * then only adds its memory to the peak (measured: 50,000 files, 277 MB without it, 296 with).
 */
const READ_AHEAD_MAX_FILES = 10_000;

/** The names given (repeatable and comma-separated: `--exclude-speaker Interviewer,I`), or undefined. */
function names(list: string[] | undefined): string[] | undefined {
  const out = list?.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean);
  return out?.length ? out : undefined;
}

export interface ScanOptionsWithResearch extends ScanOptions, ScanResearchOptions {}

export function registerScan(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description('score documents: stigmatizing language, antithetical framings, the six principles, structural harm reduction; a continuum placement per document')
    .argument('[paths...]', 'files, folders (recursive) and globs; "-" or a pipe for standard input')
    .addOption(new Option('-f, --format <format>', 'output format (default: table on a terminal, csv otherwise)').choices(SCAN_FORMATS))
    .option('-o, --output <file>', 'write the results to a file instead of standard output')
    .option('-l, --lexicon <file>', 'lexicon file (repeatable, merged in order; "default" is the built-in one)', collect)
    .option('--no-context', 'keep document text out of every output (no context snippets)')
    .option('--ext <list>', `file extensions picked up from folders and globs (default: ${DEFAULT_EXTENSIONS.join(',')})`, collectList)
    .option('--max-file-size <size>', 'skip files larger than this', parseSize, DEFAULT_MAX_FILE_SIZE)
    .option('--allow-empty', 'no error when the inputs hold no documents')
    .option('--stdin-id <id>', 'id of the document read from standard input', 'stdin')
    .option('--no-color', 'no colour in the table format')
    .option('--text-column <name>', 'CSV/TSV column or JSONL field holding the text', 'text')
    .option('--id-column <name>', 'CSV/TSV column or JSONL field holding the document id (else file#row)', 'id')
    .option('--speaker <names>', 'score only these speakers\' turns (case-insensitive; repeatable or comma-separated; a name matching no label is a warning, matching none in the run exit 2)', collectNames)
    .option('--exclude-speaker <names>', 'leave these speakers\' turns out (case-insensitive; repeatable or comma-separated)', collectNames)
    .option('--speaker-pattern <regex>', 'regular expression for a speaker label at a line start; group 1 (or (?<speaker>...)) is the name')
    .option('--keep-columns <list>', 'only these metadata columns (CSV/JSONL fields, path fields) pass into the outputs (repeatable or comma-separated); with --no-context only the id and the columns named by --group-by, --summary-by and this option pass', collectNames)
    .option('--drop-columns <list>', 'leave these metadata columns out of the outputs (repeatable or comma-separated)', collectNames)
    .option('--group-by <field>', 'score documents that share this metadata field as one unit')
    .option('--meta-from-path <regex>', 'fill metadata from file paths with named groups, e.g. "(?<site>[A-Z]{2})\\.(?<participant>\\d+)"')
    .addOption(new Option('--stdin-format <format>', 'how to read standard input').choices(STDIN_FORMATS).default('txt'))
    .option('--matches <file>', 'also write one row per match (evidence for review): CSV, or JSONL when the name ends in .jsonl')
    .option('--summary', 'print a corpus summary after the scan (on standard error when standard output carries CSV/JSON/JSONL)')
    .option('--summary-by <field>', 'group the summary by this metadata field (repeatable or comma-separated)', collectList)
    .option('-j, --jobs <n>', 'worker threads for the analysis (default: one per core, one fewer for exports parsed on the main thread, used once the input passes 32 MB of text; 1: none)', parsePositiveInt)
    .option('--shard <I/N>', 'scan only share I of N of the documents (by a stable hash of each id, or of the --group-by value); N shards together give one run\'s results')
    .option('--no-header', 'CSV without its header line (to append the output of further shards)')
    .option('--cache', `reuse the results of documents unchanged since the last run (same text, metadata, lexicon, version and options), kept in ${DEFAULT_CACHE_LOCATION}, or .harmlex-cache/scan-shard-I-of-N.json with --shard`)
    .option('--cache-location <file>', 'where --cache keeps its file')
    .option('--no-progress', 'no progress line on standard error (it is shown only on a terminal, for runs over a second)')
    .option('--summary-output <file>', 'write the summary to a file instead (format from the extension: .md, .csv, .json, else a table)')
    .action(async (paths: string[], opts: ScanOptionsWithResearch) => {
      setExit(await runScan(paths, opts, io));
    });
}

/** Where the results go: the -o file (if it exists) and standard output when it is a file, with its name when known. */
interface OutputFile {
  dev: number;
  ino: number;
  /** The file's name (lower case), when known: only inputs of that name can be it (a hard link by another name is not looked for). */
  name: string | null;
}

function outputFiles(io: CliIO, output: string | undefined): OutputFile[] {
  const out: OutputFile[] = [];
  try {
    if (output && !isStdoutPath(output)) {
      const path = resolve(io.cwd, output);
      const st = statSync(path);
      if (st.isFile()) out.push({ dev: st.dev, ino: st.ino, name: basename(path).toLowerCase() });
    } else if (io.stdout === process.stdout) {
      const st = fstatSync(1);
      if (st.isFile()) out.push({ dev: st.dev, ino: st.ino, name: stdoutName() });
    }
  } catch {
    // not there yet, or not a file: nothing to leave out
  }
  return out;
}

/** The name of the file standard output is redirected to, where the system tells (Linux); else null. */
function stdoutName(): string | null {
  try {
    return basename(readlinkSync('/proc/self/fd/1')).toLowerCase();
  } catch {
    return null;
  }
}

/** Is `path` the output file? Only a file of the same name costs a stat (this runs for every input). */
function sameFile(o: OutputFile, path: string): boolean {
  if (o.name !== null && basename(path).toLowerCase() !== o.name) return false;
  try {
    const st = statSync(path);
    return st.dev === o.dev && st.ino === o.ino;
  } catch {
    return false;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The inputs' total size, for the progress line's ETA (only computed when it is shown). */
function totalSize(paths: readonly string[]): number | null {
  let total = 0;
  for (const p of paths) total += fileSize(p);
  return total > 0 ? total : null;
}

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  yield b;
}

function emptySummary(): RunSummary {
  return { documents: 0, scored: 0, skipped: 0, matches: 0, by_placement: Object.fromEntries(PLACEMENTS.map((p) => [p, 0])) as Record<Placement, number> };
}

/**
 * Which metadata pass into the outputs (--keep-columns, --drop-columns; with --no-context only the
 * columns a grouping names). Null: all of them.
 */
function resolveMetaFilter(opts: ScanOptionsWithResearch, pathMeta: PathMeta | undefined, metaKeys: readonly string[], io: CliIO): MetaFilter | null {
  const grouping = [...(opts.groupBy !== undefined ? [opts.groupBy] : []), ...(opts.summaryBy ?? []).map((f) => f.replace(/^meta\./, '').replace(/:.*$/, ''))];
  const drop = names(opts.dropColumns);
  for (const f of grouping) if (drop?.includes(f)) throw new UsageError(`--drop-columns ${f}: it is the field the results are grouped by`);
  const asked = names(opts.keepColumns);
  let keep: string[] | undefined;
  if (asked) keep = [...asked, ...grouping];
  else if (!opts.context) keep = [...grouping, ...(pathMeta?.keys ?? [])];
  if (!keep && !drop) return null;
  const filter: MetaFilter = { ...(keep ? { keep } : {}), ...(drop ? { drop } : {}) };
  if (!opts.context && !asked) {
    const left = metaKeys.filter((k) => !keepsMetaKey(k, filter));
    if (left.length) warn(io, `--no-context: metadata columns left out of the results: ${left.join(', ')} (name the ones to keep with --keep-columns)`);
  }
  return filter;
}

export async function runScan(paths: string[], opts: ScanOptionsWithResearch, io: CliIO): Promise<number> {
  const useStdin = paths.includes('-') || (paths.length === 0 && !io.stdin.isTTY);
  const filePaths = paths.filter((p) => p !== '-');
  if (paths.length === 0 && io.stdin.isTTY) throw new UsageError('no input: give files, folders or globs, or pipe text to standard input (see harmlex scan --help)');

  let shard: Shard | null = null;
  if (opts.shard !== undefined) {
    const parsed = parseShard(opts.shard);
    if (typeof parsed === 'string') throw new UsageError(`--shard ${parsed}`);
    shard = parsed;
  }
  const { lexicon, compiled } = await loadLexiconsOrFail(opts.lexicon, io);
  const labelPattern = opts.speakerPattern ?? lexicon.settings.speakers?.label_pattern;
  if (labelPattern !== undefined) {
    const where = opts.speakerPattern !== undefined ? '--speaker-pattern' : 'the lexicon\'s settings.speakers.label_pattern';
    const problem = patternProblem(labelPattern) ?? (() => { try { new RegExp(labelPattern, 'gm'); return null; } catch (e) { return (e as Error).message; } })();
    if (problem) throw new UsageError(`${where}: ${problem}`);
  }
  const speakersOption = () =>
    names(opts.speaker) || names(opts.excludeSpeaker) || labelPattern !== undefined ? { include: names(opts.speaker), exclude: names(opts.excludeSpeaker), labelPattern } : undefined;
  let pathMeta: PathMeta | undefined;
  if (opts.metaFromPath !== undefined) {
    const c = compilePathMeta(opts.metaFromPath);
    if (typeof c === 'string') throw new UsageError(`--meta-from-path: ${c}`);
    pathMeta = c;
  }
  const expanded = expandPaths(filePaths, { extensions: opts.ext?.length ? opts.ext : DEFAULT_EXTENSIONS, cwd: io.cwd });
  const { unmatchedGlobs } = expanded;
  // The file the results go to (-o, or standard output redirected to a file in a scanned folder,
  // now that .csv and .jsonl are inputs too) is never read as an input.
  const outputs = outputFiles(io, opts.output);
  const files = expanded.files.filter((f) => {
    if (f.explicit) return true;
    if (outputs.some((o) => sameFile(o, f.path))) warn(io, `not reading ${displayPath(f.path, io.cwd)}: the results are written to it`);
    else if (isHarmlexOutput(f.path)) warn(io, `not reading ${displayPath(f.path, io.cwd)}: it holds harmlex results, not documents`);
    else return true;
    return false;
  });
  if (unmatchedGlobs.length && !opts.allowEmpty) throw new UsageError(`no files match ${unmatchedGlobs.map((g) => `"${g}"`).join(', ')} (use --allow-empty to accept this)`);

  const readers = DOCUMENT_READERS;
  const readOptions: ReadOptions = { cwd: io.cwd, maxFileSize: opts.maxFileSize, stdinId: opts.stdinId, textColumn: opts.textColumn, idColumn: opts.idColumn, labelPattern };
  const stdinFormat = opts.stdinFormat ?? 'txt';
  const format: ScanFormat = outputFormat(io, opts.format, opts.output, SCAN_FORMATS, io.stdoutIsTTY && !opts.output ? 'table' : 'csv');
  // JSONL on standard input streams (a line in, a record out) unless its fields are needed first:
  // for the CSV header, or to check the --group-by field.
  const streamStdin = useStdin && stdinFormat === 'jsonl' && format !== 'csv' && opts.groupBy === undefined;
  // Standard input as a table is otherwise read up front: its columns are needed for the CSV header.
  let stdinBytes: Buffer | undefined;
  if (useStdin && stdinFormat !== 'txt' && !streamStdin) {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
    stdinBytes = Buffer.concat(chunks);
  }
  const metaKeys = [...new Set([
    ...(pathMeta?.keys ?? []),
    // Only a CSV header, --group-by and --no-context's note of the columns left out need the columns
    // before the scan: reading a large export twice costs time.
    ...(format === 'csv' || opts.groupBy !== undefined || !opts.context ? tabularMetaKeys(files.map((f) => f.path), readOptions) : []),
    ...(stdinBytes ? textMetaKeys(stdinBytes.toString('utf8'), stdinFormat, readOptions) : []),
  ])];
  if (opts.groupBy !== undefined && !metaKeys.includes(opts.groupBy)) {
    throw new UsageError(`--group-by ${opts.groupBy}: no input has that field (${metaKeys.length ? `fields: ${metaKeys.join(', ')}` : 'no metadata: use CSV/JSONL columns or --meta-from-path'})`);
  }

  const metaFilter = resolveMetaFilter(opts, pathMeta, metaKeys, io);
  const outputKeys = metaFilter ? metaKeys.filter((k) => keepsMetaKey(k, metaFilter)) : metaKeys;
  const formatter = getFormatter(format);
  const sink = openSink(io, opts.output, filePaths, { eager: streamStdin });
  // The research modules (summaries, match files) load only when a scan asks for them.
  const research =
    opts.matches || opts.summary || opts.summaryOutput || opts.summaryBy?.length ? new (await import('../scan-research.js')).ScanResearchHooks(opts, io, filePaths) : null;
  const ctx: ReportContext = {
    tool: { name: 'harmlex', version: toolVersion() },
    lexicon: { name: lexicon.name, version: lexicon.version, sha256: lexicon.sha256 },
    options: {
      context: opts.context,
      extensions: opts.ext?.length ? opts.ext : DEFAULT_EXTENSIONS,
      text_column: opts.textColumn,
      id_column: opts.idColumn,
      ...(names(opts.speaker) ? { speaker: names(opts.speaker) } : {}),
      ...(names(opts.excludeSpeaker) ? { exclude_speaker: names(opts.excludeSpeaker) } : {}),
      ...(labelPattern !== undefined ? { speaker_pattern: labelPattern } : {}),
      ...(opts.groupBy !== undefined ? { group_by: opts.groupBy } : {}),
      ...(opts.metaFromPath !== undefined ? { meta_from_path: opts.metaFromPath } : {}),
    },
    metaKeys: outputKeys,
    color: format === 'table' && opts.color !== false && !opts.output && useColor(io),
    noContext: !opts.context,
    noHeader: !opts.header,
  };
  // A file found in a folder outside the working directory is named by its path inside that
  // folder (`u16.txt`, not `/tmp/x/mix/u16.txt`); its `source` keeps the full path.
  // Longest first: the first root that holds a file is the innermost.
  const roots = filePaths
    .map((p) => resolve(io.cwd, p))
    .filter((p) => isAbsolute(displayPath(p, io.cwd)))
    .map((r) => (r.endsWith(sep) ? r : r + sep))
    .sort((a, b) => b.length - a.length);
  const shortName = (f: InputFile, full: string): string | null => {
    if (f.explicit || !isAbsolute(full)) return null;
    const root = roots.find((r) => f.path.startsWith(r));
    if (root === undefined) return null;
    // Paths from the walk are normalized: what follows the root is the relative path.
    return sep === '/' ? f.path.slice(root.length) : relative(root, f.path).split(sep).join('/');
  };
  let unmatchedPaths = 0;
  // The shard key: the --group-by value when there is one (a unit is never split), else the id.
  const shardKey = (id: string, meta: Record<string, string> | null | undefined): string => {
    const group = opts.groupBy !== undefined ? meta?.[opts.groupBy] : undefined;
    return group !== undefined ? `group:${group}` : `id:${id}`;
  };
  // Documents left to the other shards: a shard that holds none of them is a normal, empty result.
  let otherShards = 0;
  const inThisShard = (key: string): boolean => {
    if (shard === null || inShard(key, shard)) return true;
    otherShards++;
    return false;
  };
  const mine = (d: DocumentItem): boolean => inThisShard(shardKey(d.id, d.meta));
  const cacheLocation = opts.cacheLocation ?? defaultCacheLocation(shard);
  const cache = opts.cache ? new ResultCache(resolve(io.cwd, cacheLocation), JSON.stringify([toolVersion(), analysisCodeStamp(), lexicon.sha256, !opts.context, speakersOption(), metaFilter ?? null])) : null;
  // The ETA counts the files this shard reads: every export (each shard reads all its rows), and its share of the other files.
  const readHere = (f: InputFile): boolean => {
    if (shard === null || isTabular(f.path)) return true;
    const full = displayPath(f.path, io.cwd);
    return inShard(shardKey(shortName(f, full) ?? full, pathMeta ? metaFromPath(full, pathMeta) : null), shard);
  };
  const progress = opts.progress && io.stderrIsTTY ? new Progress(io.stderr, totalSize(files.filter(readHere).map((f) => f.path))) : null;
  async function* documents(): AsyncGenerator<ScanItem> {
    for (const f of files) {
      const full = displayPath(f.path, io.cwd);
      const fromPath = pathMeta ? metaFromPath(full, pathMeta) : null;
      if (pathMeta && !fromPath) unmatchedPaths++;
      const task: FileTask = { kind: 'file', file: f, full, short: shortName(f, full), pathMeta: fromPath };
      // A file of one document is read where it is analyzed; a table's rows are read here, so
      // one large CSV still spreads over the workers. Its id is known before reading, so a file
      // outside this shard is never read.
      if (!isTabular(f.path) && !inThisShard(shardKey(task.short ?? full, fromPath))) continue;
      if (isTabular(f.path)) {
        const rows = readFileTask(task, readOptions, readers);
        for await (const d of progress ? countedRows(rows, fileSize(f.path), progress) : rows) if (mine(d)) yield d;
        continue;
      }
      if (progress) progress.read(fileSize(f.path));
      if (cache) {
        // Read here to be hashed; the file was assigned to this shard whole (a skip record of it
        // has an id of its own, which must not send it to another shard that never reads the file).
        yield* readFileTask(task, readOptions, readers);
      } else yield task;
    }
    if (useStdin) {
      const stdinDocs = streamStdin
        ? streamJsonl(io.stdin, 'stdin', tableOptions(readOptions), opts.stdinId)
        : readStdinDocuments(stdinBytes ? once(stdinBytes) : io.stdin, readOptions, readerByName(stdinFormat));
      for await (const d of stdinDocs) {
        if (progress && d.kind === 'document') progress.read(Buffer.byteLength(d.text));
        if (mine(d)) yield d;
      }
    }
  }

  const summary = emptySummary();
  const speakers = speakersOption();
  const analyzeOptions = { noContext: !opts.context, ...(speakers ? { speakers } : {}), ...(metaFilter ? { meta: metaFilter } : {}) };
  // With --cache, documents are read and hashed here, and analysed in this thread when they changed.
  const cachedAnalyzer: Analyzer | null = cache
    ? async function* (items) {
        for await (const item of items) {
          const key = item.kind === 'document' ? documentKey(item) : null;
          const hit = key !== null ? cache.get(key) : undefined;
          if (hit) yield hit;
          else {
            for await (const r of analyzeScanItem(item, compiled, analyzeOptions, readOptions, readers)) {
              if (key !== null) cache.set(key, r);
              yield r;
            }
          }
        }
      }
    : null;
  // Workers write their own records unless something after the analysis needs them whole.
  const workerFormat: WorkerFormat | undefined = !formatter.positional && opts.groupBy === undefined && !research ? { format, ctx } : undefined;
  const analyze: (items: AsyncIterable<ScanItem>) => AsyncIterable<AnalyzedRecord> = cachedAnalyzer ?? poolAnalyzer(compiled, analyzeOptions, readOptions, {
    jobs: opts.jobs ?? availableParallelism(),
    leaveCoreForParsing: opts.jobs === undefined,
    // Asked for by number: used from the first document. By default only for a run worth the start-up.
    startAfterChars: opts.jobs !== undefined ? 0 : AUTO_JOBS_AFTER_CHARS,
    // The built-in lexicon is loaded by each worker from the build's snapshot file, and a cached one
    // restored from its cache text (both lazily); only a lexicon compiled in this run is serialized.
    snapshotJson: () => (isBuiltInCompiled(compiled) ? null : cachedSnapshotText(compiled) ?? JSON.stringify(snapshotOf(compiled))),
    ...(workerFormat ? { format: workerFormat } : {}),
    readAhead: !useStdin && files.length <= READ_AHEAD_MAX_FILES,
    readers,
    worker: SCAN_WORKER,
  });
  const speakerNames = [...(names(opts.speaker) ?? []), ...(names(opts.excludeSpeaker) ?? [])];
  const coverage = speakerNames.length ? new SpeakerCoverage(speakerNames) : null;
  let missingGroup = 0;
  // (Only the pool yields records its workers wrote, and only without --group-by.)
  const records: AsyncIterable<AnalyzedRecord> = opts.groupBy !== undefined
    ? groupRecords(analyze(documents()) as AsyncIterable<RecordResult>, { field: opts.groupBy, placement: lexicon.settings.placement, onMissing: () => missingGroup++ })
    : analyze(documents());
  await sink.write(formatter.begin(ctx));
  for await (const analyzed of records) {
    let line: string;
    let brief: RecordBrief;
    if (isFormatted(analyzed)) {
      line = analyzed.formatted;
      brief = analyzed;
    } else {
      const { record: r, line: written } = formatRecord(formatter, analyzed, ctx, summary.documents);
      line = written;
      research?.add(r);
      brief = briefOf(r);
    }
    await sink.write(line);
    summary.documents++;
    if (brief.status === 'skipped') {
      summary.skipped++;
      progress?.clear();
      warn(io, `skipped ${brief.id}: ${brief.reason}`);
    } else {
      summary.scored++;
      const note = coverage?.add(brief.id, brief.speakers ?? null);
      if (note) {
        progress?.clear();
        warn(io, note);
      }
      summary.by_placement[brief.placement!]++;
      summary.matches += brief.matches;
    }
    progress?.record(brief.status === 'skipped');
  }
  await sink.write(formatter.end(summary, ctx));
  await sink.close();
  progress?.done();
  if (cache) {
    // The results are written: a cache that cannot be saved costs the next run time, not this one its output.
    try {
      cache.save();
    } catch (e) {
      warn(io, `--cache: could not save ${cacheLocation}: ${(e as Error).message}`);
    }
    if (cache.hits) warn(io, `--cache: ${cache.hits} of ${cache.hits + cache.misses} document${cache.hits + cache.misses === 1 ? '' : 's'} unchanged since the last run; their results were reused`);
  }
  if (unmatchedPaths) warn(io, `--meta-from-path matched no part of ${unmatchedPaths} input path${unmatchedPaths === 1 ? '' : 's'}; they have no path metadata`);
  if (missingGroup) warn(io, `${missingGroup} document${missingGroup === 1 ? ' has' : 's have'} no "${opts.groupBy}" field; each was scored as a unit of its own`);
  await research?.finish({ stdoutIsMachine: formatter.machine && !opts.output });

  if (coverage?.more) warn(io, `${coverage.more} more document${coverage.more === 1 ? '' : 's'} where a speaker name matches no label`);
  const unmatched = coverage && summary.scored > 0 ? coverage.unmatched() : [];
  if (unmatched.length) {
    const labels = coverage!.labels();
    warn(io, `speaker ${unmatched.map((n) => JSON.stringify(n)).join(', ')} matches no label in any document (${labels.length ? `labels found: ${labels.slice(0, 20).join(', ')}${labels.length > 20 ? ', ...' : ''}` : 'no speaker labels found; see --speaker-pattern'}); exit code 2`);
    return EXIT_ERROR;
  }
  if (summary.documents === 0 && otherShards > 0) {
    warn(io, `--shard ${opts.shard}: none of the ${otherShards} document${otherShards === 1 ? '' : 's'} falls in this share; the other shards hold them`);
  } else if (summary.documents === 0 && !opts.allowEmpty) {
    warn(io, 'no documents found in the inputs (use --allow-empty to accept this)');
    return EXIT_ERROR;
  }
  if (summary.skipped > 0) {
    warn(io, `${summary.skipped} of ${summary.documents} input${summary.documents === 1 ? '' : 's'} skipped; exit code 2`);
    return EXIT_ERROR;
  }
  return EXIT_OK;
}
