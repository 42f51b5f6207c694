/** `harmlex scan`: measure. Findings never fail a scan; skipped inputs and errors exit 2. */
import { Command, Option } from 'commander';
import type { RecordResult } from '../../analyze.js';
import { DEFAULT_MAX_FILE_SIZE, readFileDocuments, readStdinDocuments, type DocumentItem, type ReadOptions } from '../../io/documents.js';
import { expandPaths } from '../../io/files.js';
import { inThreadAnalyzer } from '../../io/pipeline.js';
import { getFormatter, SCAN_FORMATS, type ReportContext, type RunSummary, type ScanFormat } from '../../report/index.js';
import { PLACEMENTS, type Placement } from '../../types.js';
import { toolVersion } from '../../version.js';
import { collect, collectList, loadLexiconsOrFail, parseSize, warn } from '../common.js';
import { EXIT_ERROR, EXIT_OK, UsageError } from '../errors.js';
import { openSink, useColor, type CliIO } from '../io.js';
import { ScanResearchHooks, type ScanResearchOptions } from './summarize.js';

export const DEFAULT_EXTENSIONS = ['txt', 'md'];

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
    .option('--matches <file>', 'also write one row per match (evidence for review): CSV, or JSONL when the name ends in .jsonl')
    .option('--summary', 'print a corpus summary after the scan (on standard error when standard output carries CSV/JSON/JSONL)')
    .option('--summary-by <field>', 'group the summary by this metadata field (repeatable or comma-separated)', collectList)
    .option('--summary-output <file>', 'write the summary to a file instead (format from the extension: .md, .csv, .json, else a table)')
    .action(async (paths: string[], opts: ScanOptionsWithResearch) => {
      setExit(await runScan(paths, opts, io));
    });
}

function emptySummary(): RunSummary {
  return { documents: 0, scored: 0, skipped: 0, matches: 0, by_placement: Object.fromEntries(PLACEMENTS.map((p) => [p, 0])) as Record<Placement, number> };
}

export async function runScan(paths: string[], opts: ScanOptionsWithResearch, io: CliIO): Promise<number> {
  const useStdin = paths.includes('-') || (paths.length === 0 && !io.stdin.isTTY);
  const filePaths = paths.filter((p) => p !== '-');
  if (paths.length === 0 && io.stdin.isTTY) throw new UsageError('no input: give files, folders or globs, or pipe text to standard input (see harmlex scan --help)');

  const { lexicon, compiled } = await loadLexiconsOrFail(opts.lexicon, io);
  const { files, unmatchedGlobs } = expandPaths(filePaths, { extensions: opts.ext?.length ? opts.ext : DEFAULT_EXTENSIONS, cwd: io.cwd });
  if (unmatchedGlobs.length && !opts.allowEmpty) throw new UsageError(`no files match ${unmatchedGlobs.map((g) => `"${g}"`).join(', ')} (use --allow-empty to accept this)`);

  const format: ScanFormat = opts.format ?? (io.stdoutIsTTY && !opts.output ? 'table' : 'csv');
  const formatter = getFormatter(format);
  const sink = openSink(io, opts.output, filePaths);
  const research = new ScanResearchHooks(opts, io, filePaths);
  const ctx: ReportContext = {
    tool: { name: 'harmlex', version: toolVersion() },
    lexicon: { name: lexicon.name, version: lexicon.version, sha256: lexicon.sha256 },
    options: { context: opts.context, extensions: opts.ext?.length ? opts.ext : DEFAULT_EXTENSIONS },
    metaKeys: [],
    color: format === 'table' && opts.color !== false && !opts.output && useColor(io),
    noContext: !opts.context,
  };
  const readOptions: ReadOptions = { cwd: io.cwd, maxFileSize: opts.maxFileSize, stdinId: opts.stdinId };

  async function* documents(): AsyncGenerator<DocumentItem> {
    for (const f of files) yield* readFileDocuments(f, readOptions);
    if (useStdin) yield* readStdinDocuments(io.stdin, readOptions);
  }

  const summary = emptySummary();
  const analyze = inThreadAnalyzer(compiled, { noContext: !opts.context });
  await sink.write(formatter.begin(ctx));
  for await (const r of analyze(documents()) as AsyncIterable<RecordResult>) {
    await sink.write(formatter.record(r, ctx, summary.documents));
    research.add(r);
    summary.documents++;
    if (r.status === 'skipped') {
      summary.skipped++;
      warn(io, `skipped ${r.id}: ${r.reason}`);
    } else {
      summary.scored++;
      summary.by_placement[r.placement]++;
      summary.matches += r.matches.length;
    }
  }
  await sink.write(formatter.end(summary, ctx));
  await sink.close();
  await research.finish({ stdoutIsMachine: formatter.machine && !opts.output });

  if (summary.documents === 0 && !opts.allowEmpty) {
    warn(io, 'no documents found in the inputs (use --allow-empty to accept this)');
    return EXIT_ERROR;
  }
  if (summary.skipped > 0) {
    warn(io, `${summary.skipped} of ${summary.documents} input${summary.documents === 1 ? '' : 's'} skipped; exit code 2`);
    return EXIT_ERROR;
  }
  return EXIT_OK;
}
