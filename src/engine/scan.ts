/**
 * Running a scan plan: inputs -> documents -> analysis (in this thread, on the worker pool, or from
 * the result cache) -> records written in input order. No argv, TTY or exit code here: the CLI
 * makes the plan (cli/plan-scan.ts) and turns the outcome into an exit code.
 */
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { statSync } from 'node:fs';
import type { RecordResult } from '../analyze.js';
import { formatBytes, readFileTask, readStdinBounded, readStdinDocuments, type DocumentItem, type FileTask, type ReadOptions, type ScanItem } from '../io/documents.js';
import { expandPaths, type InputFile } from '../io/files.js';
import { groupRecords } from '../io/group.js';
import { rankedWithSkips } from '../research/rank.js';
import { transcodeToUtf8 } from '../io/decode.js';
import { keepsMetaKey, metaFromPath, type MetaFilter } from '../io/meta.js';
import { analyzeScanItem, briefOf, isFormatted, type AnalyzedRecord, type Analyzer, type RecordBrief } from '../io/pipeline.js';
import { poolAnalyzer } from '../io/pool.js';
import { isHarmlexOutput, isTabular, readerByName, tabularMetaKeys, textMetaKeys } from '../io/readers/index.js';
import { streamJsonl } from '../io/readers/jsonl.js';
import { tableOptions } from '../io/readers/table.js';
import { LexiconError, formatProblem } from '../lexicon/errors.js';
import { loadLexicons, type LoadedLexicon } from '../io/lexicon-files.js';
import { patternProblem } from '../lexicon/safety.js';
import { formatRecord, getFormatter, type Formatter, type ReportContext, type RunSummary } from '../report/index.js';
import { analysisCodeStamp, documentKey, ResultCache } from '../scale/cache.js';
import { countedRows, Progress } from '../scale/progress.js';
import { inShard } from '../scale/shard.js';
import { SpeakerCoverage } from '../research/speaker-coverage.js';
import { displayPath } from '../text/paths.js';
import { PLACEMENTS, type Placement } from '../types.js';
import { toolVersion } from '../version.js';
import { RunError, type OutputFile, type RunEnv, type Sink } from './env.js';
import type { LexiconSource, ScanPlan } from './plan.js';
import type { ScanResearchHooks } from './research.js';
import { SCAN_WORKER } from './workers.js';

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

/** What the CLI needs of a finished scan to choose its exit code and last messages. */
export interface ScanOutcome {
  summary: RunSummary;
  /** Documents left to the other shards (--shard). */
  otherShards: number;
  /** --speaker/--exclude-speaker names that match no label in any scored document, with the labels found; null when none. */
  unmatchedSpeakers: { names: string[]; labels: string[] } | null;
}

/** The run's lexicon; problems become one error listing every one of them. */
export async function loadRunLexicon(source: LexiconSource, cwd: string, what = 'scanned'): Promise<LoadedLexicon> {
  try {
    return await loadLexicons(source.paths, cwd, source.cacheDir);
  } catch (e) {
    if (!(e instanceof LexiconError)) throw e;
    const n = e.problems.length;
    throw new RunError(`${e.problems.map(formatProblem).join('\n')}\n${n} problem${n === 1 ? '' : 's'} in the lexicon; nothing was ${what}`);
  }
}

/** The speaker-label pattern of the run (--speaker-pattern, else the lexicon's), checked. */
function labelPatternOf(plan: ScanPlan, lexicon: LoadedLexicon['lexicon']): string | undefined {
  const labelPattern = plan.analysis.speakerPattern ?? lexicon.settings.speakers?.label_pattern;
  if (labelPattern === undefined) return undefined;
  const where = plan.analysis.speakerPattern !== undefined ? '--speaker-pattern' : "the lexicon's settings.speakers.label_pattern";
  const problem = patternProblem(labelPattern);
  if (problem) throw new RunError(`${where}: ${problem}`);
  return labelPattern;
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

/**
 * The input files: the paths expanded, less the file the results go to and harmlex's own results
 * found in a folder (.csv and .jsonl are inputs too); a glob that matches nothing is an error.
 */
function inputFiles(plan: ScanPlan, env: RunEnv): InputFile[] {
  const expanded = expandPaths(plan.paths, { extensions: plan.extensions, cwd: env.cwd });
  const outputs = env.outputFiles(plan.output.path);
  // A file that -o names is left out only when it holds earlier results (or nothing): anything else
  // is an input that the run must not write over (assertOutputs refuses it before anything is written).
  const toFile = plan.output.path !== undefined && plan.output.path !== '-';
  const files = expanded.files.filter((f) => {
    if (f.explicit) return true;
    if (outputs.some((o) => sameFile(o, f.path)) && (!toFile || isHarmlexOutput(f.path, true))) env.warn(`not reading ${displayPath(f.path, env.cwd)}: the results are written to it`);
    else if (isHarmlexOutput(f.path)) env.warn(`not reading ${displayPath(f.path, env.cwd)}: it holds harmlex results, not documents`);
    else return true;
    return false;
  });
  const { unmatchedGlobs } = expanded;
  if (unmatchedGlobs.length && !plan.allowEmpty) throw new RunError(`no files match ${unmatchedGlobs.map((g) => `"${g}"`).join(', ')} (use --allow-empty to accept this)`);
  return files;
}

/**
 * Streamed JSONL on standard input, at most --max-file-size of it: past that, reading stops and a
 * skipped record says so (one endless line would otherwise grow without bound).
 */
async function* streamJsonlBounded(stdin: AsyncIterable<Uint8Array | string>, readOptions: ReadOptions, stdinId: string): AsyncGenerator<DocumentItem> {
  const max = readOptions.maxFileSize;
  let over = false;
  async function* limited(): AsyncGenerator<Uint8Array | string> {
    let total = 0;
    for await (const c of stdin) {
      total += typeof c === 'string' ? Buffer.byteLength(c) : c.length;
      if (total > max) {
        over = true;
        return;
      }
      yield c;
    }
  }
  yield* streamJsonl(limited(), 'stdin', tableOptions(readOptions), stdinId);
  if (over) yield { kind: 'skipped', id: stdinId, source: 'stdin', reason: `standard input is over --max-file-size ${formatBytes(max)}; reading stopped there` };
}

/** Standard input whole (a table), at most --max-file-size of it. */
async function readAll(stdin: AsyncIterable<Uint8Array | string>, max: number): Promise<Buffer> {
  const read = await readStdinBounded(stdin, max);
  if (typeof read === 'number') throw new RunError(`standard input is over --max-file-size ${formatBytes(max)}; nothing was scanned`);
  return read;
}

/** Every output of the run (-o, --matches, --summary-output, the cache) against every input it reads and each other. */
function assertScanOutputs(plan: ScanPlan, env: RunEnv, files: readonly InputFile[], lexiconFiles: readonly string[] = []): void {
  const out = (path: string | undefined, option: string) => (path ? { path, label: `${option} ${path}` } : null);
  const inputs = [
    ...files.map((f) => ({ path: f.path, label: displayPath(f.path, env.cwd) })),
    ...lexiconFiles.map((f) => ({ path: f, label: `the lexicon ${displayPath(f, env.cwd)}` })),
  ];
  env.assertOutputs?.([out(plan.output.path, '-o'), out(plan.research?.matches, '--matches'), out(plan.research?.summaryOutput, '--summary-output'), out(plan.cache?.location, '--cache-location')], inputs);
}

/**
 * The metadata columns, known before the scan: from --meta-from-path, and the columns of tabular
 * inputs when something needs them first (reading a large export twice costs time).
 */
function metaKeysOf(plan: ScanPlan, files: readonly InputFile[], stdinBytes: Buffer | undefined, readOptions: ReadOptions): string[] {
  const { groupBy } = plan.analysis;
  // Only a CSV header, --group-by and --no-context's note of the columns left out need them.
  const needed = plan.output.format === 'csv' || groupBy !== undefined || plan.analysis.noContext;
  const keys = [...new Set([
    ...(plan.analysis.metaFromPath?.meta.keys ?? []),
    ...(needed ? tabularMetaKeys(files.map((f) => f.path), readOptions) : []),
    ...(stdinBytes ? textMetaKeys(Buffer.from(transcodeToUtf8(stdinBytes, plan.read.encoding)).toString('utf8'), plan.stdin!.format, readOptions) : []),
  ])];
  if (groupBy !== undefined && !keys.includes(groupBy)) {
    throw new RunError(`--group-by ${groupBy}: no input has that field (${keys.length ? `fields: ${keys.join(', ')}` : 'no metadata: use CSV/JSONL columns or --meta-from-path'})`);
  }
  return keys;
}

/**
 * Which metadata pass into the outputs (--keep-columns, --drop-columns; with --no-context only the
 * columns a grouping names). Null: all of them.
 */
function metaFilterOf(plan: ScanPlan, metaKeys: readonly string[], env: RunEnv): MetaFilter | null {
  const { groupBy, keepColumns: asked, dropColumns: drop, noContext } = plan.analysis;
  const grouping = [...(groupBy !== undefined ? [groupBy] : []), ...(plan.research?.summaryBy ?? []).map((f) => f.replace(/^meta\./, '').replace(/:.*$/, ''))];
  for (const f of grouping) if (drop?.includes(f)) throw new RunError(`--drop-columns ${f}: it is the field the results are grouped by`);
  let keep: string[] | undefined;
  if (asked) keep = [...asked, ...grouping];
  else if (noContext) keep = [...grouping, ...(plan.analysis.metaFromPath?.meta.keys ?? [])];
  if (!keep && !drop) return null;
  const filter: MetaFilter = { ...(keep ? { keep } : {}), ...(drop ? { drop } : {}) };
  if (noContext && !asked) {
    const left = metaKeys.filter((k) => !keepsMetaKey(k, filter));
    if (left.length) env.warn(`--no-context: metadata columns left out of the results: ${left.join(', ')} (name the ones to keep with --keep-columns)`);
  }
  return filter;
}

function reportContext(plan: ScanPlan, lexicon: LoadedLexicon['lexicon'], labelPattern: string | undefined, metaKeys: string[]): ReportContext {
  const { analysis: a, read } = plan;
  return {
    tool: { name: 'harmlex', version: toolVersion() },
    lexicon: { name: lexicon.name, version: lexicon.version, sha256: lexicon.sha256 },
    options: {
      context: !a.noContext,
      extensions: plan.extensions,
      text_column: read.textColumn,
      id_column: read.idColumn,
      ...(a.include ? { speaker: a.include } : {}),
      ...(a.exclude ? { exclude_speaker: a.exclude } : {}),
      ...(labelPattern !== undefined ? { speaker_pattern: labelPattern } : {}),
      ...(a.groupBy !== undefined ? { group_by: a.groupBy } : {}),
      ...(a.metaFromPath !== undefined ? { meta_from_path: a.metaFromPath.source } : {}),
    },
    metaKeys,
    color: plan.output.color,
    ...(plan.output.width !== undefined ? { width: plan.output.width } : {}),
    noContext: a.noContext,
    noHeader: !plan.output.header,
    ...(plan.output.csvRaw ? { csvRaw: true } : {}),
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Which documents this run reads and scans: names (a file found in a folder outside the working
 * directory is named by its path inside that folder: `u16.txt`, not `/tmp/x/mix/u16.txt`; its
 * `source` keeps the full path), path metadata, and the shard's share (by the --group-by value
 * when there is one, so a unit is never split, else by id). Counts what it leaves out.
 */
class Selection {
  /** Longest first: the first root that holds a file is the innermost. */
  private readonly roots: string[];
  otherShards = 0;
  unmatchedPaths = 0;

  constructor(private readonly plan: ScanPlan, private readonly cwd: string) {
    this.roots = plan.paths
      .map((p) => resolve(cwd, p))
      .filter((p) => isAbsolute(displayPath(p, cwd)))
      .map((r) => (r.endsWith(sep) ? r : r + sep))
      .sort((a, b) => b.length - a.length);
  }

  shortName(f: InputFile, full: string): string | null {
    if (f.explicit || !isAbsolute(full)) return null;
    const root = this.roots.find((r) => f.path.startsWith(r));
    if (root === undefined) return null;
    // Paths from the walk are normalized: what follows the root is the relative path.
    return sep === '/' ? f.path.slice(root.length) : relative(root, f.path).split(sep).join('/');
  }

  task(f: InputFile): FileTask {
    const full = displayPath(f.path, this.cwd);
    const meta = this.plan.analysis.metaFromPath?.meta;
    const fromPath = meta ? metaFromPath(full, meta) : null;
    return { kind: 'file', file: f, full, short: this.shortName(f, full), pathMeta: fromPath };
  }

  private key(id: string, meta: Record<string, string> | null | undefined): string {
    const { groupBy } = this.plan.analysis;
    const group = groupBy !== undefined ? meta?.[groupBy] : undefined;
    return group !== undefined ? `group:${group}` : `id:${id}`;
  }

  /** Is this document (or this file of one document, by its id and path metadata) in the shard? */
  mine(id: string, meta: Record<string, string> | null | undefined): boolean {
    const shard = this.plan.shard?.shard;
    if (!shard || inShard(this.key(id, meta), shard)) return true;
    this.otherShards++;
    return false;
  }

  /** Does this shard read the file? Every export (each shard reads all its rows), and its share of the other files. For the ETA. */
  reads(f: InputFile): boolean {
    const shard = this.plan.shard?.shard;
    if (!shard || isTabular(f.path)) return true;
    const t = this.task(f);
    return inShard(this.key(t.short ?? t.full, t.pathMeta), shard);
  }
}

interface Inputs {
  files: InputFile[];
  stdinBytes: Buffer | undefined;
  readOptions: ReadOptions;
  selection: Selection;
  progress: Progress | null;
  cache: ResultCache | null;
}

/** The items to analyze, in input order: files of one document as tasks (read where they are analyzed), rows of tables, standard input. */
async function* scanItems(plan: ScanPlan, env: RunEnv, inputs: Inputs): AsyncGenerator<ScanItem> {
  const { files, selection, progress, readOptions, cache } = inputs;
  for (const f of files) {
    const task = selection.task(f);
    if (plan.analysis.metaFromPath && !task.pathMeta) selection.unmatchedPaths++;
    // A table's rows are read here, so one large CSV still spreads over the workers. A file of one
    // document has its id before it is read, so a file outside this shard is never read.
    if (isTabular(f.path)) {
      const rows = readFileTask(task, readOptions, plan.readers);
      for await (const d of progress ? countedRows(rows, fileSize(f.path), progress) : rows) if (selection.mine(d.id, d.meta)) yield d;
      continue;
    }
    if (!selection.mine(task.short ?? task.full, task.pathMeta)) continue;
    if (progress) progress.read(fileSize(f.path));
    // With --cache, read here to be hashed; the file was assigned to this shard whole (a skip record
    // of it has an id of its own, which must not send it to another shard that never reads the file).
    if (cache) yield* readFileTask(task, readOptions, plan.readers);
    else yield task;
  }
  if (plan.stdin) {
    const stdinDocs = plan.stdin.stream
      ? streamJsonlBounded(env.stdin, readOptions, plan.read.stdinId)
      : readStdinDocuments(inputs.stdinBytes ? once(inputs.stdinBytes) : env.stdin, readOptions, readerByName(plan.stdin.format));
    for await (const d of stdinDocs) {
      if (progress && d.kind === 'document') progress.read(Buffer.byteLength(d.text));
      if (selection.mine(d.id, d.meta)) yield d;
    }
  }
}

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  yield b;
}

/** With --cache: documents read and hashed here, and analysed in this thread when they changed. */
function cachedAnalyzer(cache: ResultCache, run: (item: ScanItem) => AsyncIterable<RecordResult>): Analyzer {
  return async function* (items) {
    for await (const item of items) {
      const key = item.kind === 'document' ? documentKey(item) : null;
      const hit = key !== null ? cache.get(key) : undefined;
      if (hit) yield hit;
      else {
        for await (const r of run(item)) {
          if (key !== null) cache.set(key, r);
          yield r;
        }
      }
    }
  };
}

function emptySummary(): RunSummary {
  return { documents: 0, scored: 0, skipped: 0, matches: 0, by_placement: Object.fromEntries(PLACEMENTS.map((p) => [p, 0])) as Record<Placement, number> };
}

/** What runs beside the records as they are written. */
interface Watchers {
  research: ScanResearchHooks | null;
  progress: Progress | null;
  coverage: SpeakerCoverage | null;
}

/**
 * Before a ranking (--sort, --top): every record goes to the summary and the match file, and each
 * scored one is checked for speaker names that match no label, as writeRecords does for a run
 * written in order; the ranking only chooses what the results file holds.
 */
async function* watchAll(records: AsyncIterable<RecordResult>, { research, coverage }: Pick<Watchers, 'research' | 'coverage'>, env: RunEnv): AsyncGenerator<RecordResult> {
  for await (const r of records) {
    research?.add(r);
    if (r.status === 'ok' && coverage) {
      const note = coverage.add(r.id, briefOf(r).speakers ?? null);
      if (note) env.warn(note);
    }
    yield r;
  }
}

/** Write the records in order, counting them, and warn about each skip (and each document where a speaker name matches no label). */
async function writeRecords(records: AsyncIterable<AnalyzedRecord>, out: { sink: Sink; formatter: Formatter; ctx: ReportContext }, env: RunEnv, { research, progress, coverage }: Watchers): Promise<RunSummary> {
  const summary = emptySummary();
  await out.sink.write(out.formatter.begin(out.ctx));
  for await (const analyzed of records) {
    let line: string;
    let brief: RecordBrief;
    if (isFormatted(analyzed)) {
      line = analyzed.formatted;
      brief = analyzed;
    } else {
      const { record: r, line: written } = formatRecord(out.formatter, analyzed, out.ctx, summary.documents);
      line = written;
      research?.add(r);
      brief = briefOf(r);
    }
    await out.sink.write(line);
    summary.documents++;
    if (brief.status === 'skipped') {
      summary.skipped++;
      progress?.clear();
      env.warn(`skipped ${brief.id}: ${brief.reason}`);
    } else {
      summary.scored++;
      const note = coverage?.add(brief.id, brief.speakers ?? null);
      if (note) {
        progress?.clear();
        env.warn(note);
      }
      summary.by_placement[brief.placement!]++;
      summary.matches += brief.matches;
    }
    progress?.record(brief.status === 'skipped');
  }
  await out.sink.write(out.formatter.end(summary, out.ctx));
  await out.sink.close();
  progress?.done();
  return summary;
}

/** Run a scan plan: every record written to the plan's outputs; the outcome for the exit code. */
export async function runScanPlan(plan: ScanPlan, env: RunEnv): Promise<ScanOutcome> {
  const { lexicon, compiled, files: lexiconFiles } = await loadRunLexicon(plan.lexicon, env.cwd);
  const labelPattern = labelPatternOf(plan, lexicon);
  const { include, exclude, noContext, groupBy } = plan.analysis;
  const speakers = include || exclude || labelPattern !== undefined ? { include, exclude, labelPattern } : undefined;
  const files = inputFiles(plan, env);
  const readOptions: ReadOptions = { ...plan.read, labelPattern };
  // Standard input as a table is read up front unless it streams: its columns are needed first.
  const stdinBytes = plan.stdin && plan.stdin.format !== 'txt' && !plan.stdin.stream ? await readAll(env.stdin, plan.read.maxFileSize) : undefined;
  const metaKeys = metaKeysOf(plan, files, stdinBytes, readOptions);
  const metaFilter = metaFilterOf(plan, metaKeys, env);
  const ctx = reportContext(plan, lexicon, labelPattern, metaFilter ? metaKeys.filter((k) => keepsMetaKey(k, metaFilter)) : metaKeys);
  const formatter = getFormatter(plan.output.format);
  assertScanOutputs(plan, env, files, lexiconFiles);
  const sink = env.openSink(plan.output.path, { eager: plan.stdin?.stream ?? false, bom: plan.output.bom === true });
  // The research modules (summaries, match files) load only when a scan asks for them.
  const research = plan.research ? new (await import('./research.js')).ScanResearchHooks(plan.research, env) : null;
  const analyzeOptions = { noContext, wordPass: plan.analysis.wordPass, patternFilter: plan.analysis.patternFilter, precomputed: plan.analysis.precomputed, ...(speakers ? { speakers } : {}), ...(metaFilter ? { meta: metaFilter } : {}) };
  const selection = new Selection(plan, env.cwd);
  const cache = plan.cache ? new ResultCache(resolve(env.cwd, plan.cache.location), JSON.stringify([toolVersion(), analysisCodeStamp(), lexicon.sha256, noContext, speakers, metaFilter ?? null])) : null;
  const progress = plan.progress ? new Progress(env.stderr, totalSize(files.filter((f) => selection.reads(f)).map((f) => f.path))) : null;
  const items = scanItems(plan, env, { files, stdinBytes, readOptions, selection, progress, cache });
  const analyze = cache
    ? cachedAnalyzer(cache, (item) => analyzeScanItem(item, compiled, analyzeOptions, readOptions, plan.readers))
    : poolAnalyzer(compiled, analyzeOptions, readOptions, {
        jobs: plan.jobs.count,
        leaveCoreForParsing: !plan.jobs.explicit,
        // Asked for by number: used from the first document. By default only for a run worth the start-up.
        startAfterChars: plan.jobs.explicit ? 0 : AUTO_JOBS_AFTER_CHARS,
        // Workers write their own records unless something after the analysis needs them whole.
        ...(!formatter.positional && groupBy === undefined && !research && !plan.output.rank ? { format: { format: plan.output.format, ctx } } : {}),
        readAhead: plan.readAhead && !plan.stdin && files.length <= READ_AHEAD_MAX_FILES,
        readers: plan.readers,
        worker: SCAN_WORKER,
      });
  let missingGroup = 0;
  // (Only the pool yields records its workers wrote, and only without --group-by.)
  const analyzed: AsyncIterable<AnalyzedRecord> =
    groupBy !== undefined ? groupRecords(analyze(items) as AsyncIterable<RecordResult>, { field: groupBy, placement: lexicon.settings.placement, onMissing: () => missingGroup++ }) : analyze(items);
  // Ranked (--sort, --top): records are whole, never written by the workers (see above).
  const rank = plan.output.rank;
  const speakerNames = [...(include ?? []), ...(exclude ?? [])];
  const coverage = speakerNames.length ? new SpeakerCoverage(speakerNames) : null;
  // Speakers are checked on every document, also those a ranking leaves out.
  const records = rank ? rankedWithSkips(watchAll(analyzed as AsyncIterable<RecordResult>, { research, coverage }, env), rank.key, rank.top) : analyzed;
  const summary = await writeRecords(records, { sink, formatter, ctx }, env, rank ? { research: null, progress, coverage: null } : { research, progress, coverage });
  if (cache) saveCache(cache, plan.cache!.location, env);
  if (selection.unmatchedPaths) env.warn(`--meta-from-path matched no part of ${selection.unmatchedPaths} input path${selection.unmatchedPaths === 1 ? '' : 's'}; they have no path metadata`);
  if (missingGroup) env.warn(`${missingGroup} document${missingGroup === 1 ? ' has' : 's have'} no "${groupBy}" field; each was scored as a unit of its own`);
  await research?.finish({ stdoutIsMachine: plan.output.stdoutIsMachine });
  if (coverage?.more) env.warn(`${coverage.more} more document${coverage.more === 1 ? '' : 's'} where a speaker name matches no label`);
  const unmatched = coverage && summary.scored > 0 ? coverage.unmatched() : [];
  return { summary, otherShards: selection.otherShards, unmatchedSpeakers: unmatched.length ? { names: unmatched, labels: coverage!.labels() } : null };
}

/** The inputs' total size, for the progress line's ETA (only computed when it is shown). */
function totalSize(paths: readonly string[]): number | null {
  let total = 0;
  for (const p of paths) total += fileSize(p);
  return total > 0 ? total : null;
}

/** The results are written: a cache that cannot be saved costs the next run time, not this one its output. */
function saveCache(cache: ResultCache, location: string, env: RunEnv): void {
  try {
    cache.save();
  } catch (e) {
    env.warn(`--cache: could not save ${location}: ${(e as Error).message}`);
  }
  const n = cache.hits + cache.misses;
  if (cache.hits) env.warn(`--cache: ${cache.hits} of ${n} document${n === 1 ? '' : 's'} unchanged since the last run; their results were reused`);
}
