/** `harmlex report RESULTS... -o report.html`: one self-contained HTML report. */
import { Command, Option } from 'commander';
import { INPUT_ENCODINGS } from '../../io/decode.js';
import { DOCUMENT_EXTENSIONS as DEFAULT_EXTENSIONS, expandPaths } from '../../io/files.js';
import { readSourceTexts, sourceReadOptions } from '../../io/source-texts.js';
import { listIds, sourcesPolicy } from '../../research/privacy.js';
import type { ResultMatch } from '../../research/types.js';
import { renderHtmlReport } from '../../report/html.js';
import { summarize } from '../../research/summary.js';
import { toolVersion } from '../../version.js';
import { collect, collectList, collectNames, parseNonNegativeInt, warn } from '../common.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { groupFieldProblem } from '../../research/periods.js';
import { openSink, type CliIO } from '../io.js';
import { loadResultsOrFail } from '../results.js';

interface ReportOptions {
  output?: string;
  by?: string[];
  title: string;
  context: boolean;
  sources?: string[];
  decimals: number;
  ext?: string[];
  readSources?: boolean;
  textColumn: string;
  idColumn: string;
  encoding?: string;
}

export function registerReport(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('write a self-contained HTML report: continuum plot, principle prevalence, stigma terms, each document with its matches highlighted')
    .argument('<results...>', 'JSONL or JSON files written by "harmlex scan" (several merge)')
    .option('-o, --output <file>', 'the HTML file to write (default: standard output)')
    .option('--by <fields>', 'group the plot and tables by these metadata fields (repeatable or comma-separated); FIELD:day|week|month|quarter|year buckets a date and draws the trend over time', collectNames)
    .option('--title <text>', 'the report title', 'harmlex report')
    .option('--no-context', 'leave document text out of the report (only the list of matches)')
    .option('--sources <path>', 'where the scanned texts are (files or folders; repeatable); default: each record\'s source path', collect)
    .option('--ext <list>', `extensions picked up from --sources folders (default: ${DEFAULT_EXTENSIONS.join(',')})`, collectList)
    .option('--read-sources', 'read the document texts even though the results were made with --no-context (or are CSV, which cannot say): without it they are never read')
    .option('--text-column <name>', 'CSV/TSV column or JSONL field holding the text, as given to scan', 'text')
    .option('--id-column <name>', 'CSV/TSV column or JSONL field holding the document id, as given to scan', 'id')
    .addOption(new Option('--encoding <name>', 'the encoding of the sources when they are not UTF-8, as given to scan').choices(INPUT_ENCODINGS))
    .option('--decimals <n>', 'decimals of the percentages', parseNonNegativeInt, 0)
    .action(async (paths: string[], opts: ReportOptions) => {
      setExit(await runReport(paths, opts, io));
    });
}

export async function runReport(paths: string[], opts: ReportOptions, io: CliIO): Promise<number> {
  for (const f of opts.by ?? []) {
    const problem = groupFieldProblem(f);
    if (problem) throw new UsageError(problem);
  }
  const records = loadResultsOrFail(paths, io);
  const summary = summarize(records, { by: opts.by, decimals: Math.min(opts.decimals, 3) });
  const privacy = sourcesPolicy(records, opts.readSources === true);
  if (opts.context && privacy) warn(io, `${privacy}: the report holds no document text (--read-sources reads it)`);
  const withText = opts.context && !privacy;
  const sourceFiles: string[] = [];
  let texts = new Map<string, string>();
  let textMatches = new Map<string, ResultMatch[]>();
  let textLeftOut = new Map<string, [number, number][]>();
  if (withText) {
    const files = opts.sources?.length ? expandPaths(opts.sources, { extensions: opts.ext?.length ? opts.ext : DEFAULT_EXTENSIONS, cwd: io.cwd }).files.map((f) => f.path) : [];
    sourceFiles.push(...files);
    const read = await readSourceTexts(records, files, sourceReadOptions(opts, io));
    // Sources named with --sources must hold every text: a missing one is an error. Without them,
    // texts are looked for only at the paths the results name under the working folder (a results
    // file is not a list of files to open): one not found there is shown with its context
    // snippets, and named.
    if (read.missing.length && opts.sources?.length) throw new CliError(`no text found for ${listIds(read.missing)} in ${opts.sources.join(', ')}: give the folders or files that were scanned, or --no-context for a report without document text`);
    if (read.missing.length) warn(io, `no text found for ${listIds(read.missing)} (the paths the results name are read only under the working folder): shown with context snippets only; give the scanned files or folders with --sources to show the texts`);
    if (read.misaligned.length) warn(io, `the text of ${listIds(read.misaligned)} no longer matches the scan (changed since?): shown with context snippets only`);
    texts = new Map([...read.texts].map(([id, t]) => [id, t.text]));
    textMatches = new Map([...read.texts].map(([id, t]) => [id, t.matches]));
    textLeftOut = new Map([...read.texts].map(([id, t]) => [id, t.leftOut]));
  }
  const html = renderHtmlReport({
    title: opts.title,
    records,
    summary,
    texts,
    textMatches,
    textLeftOut,
    noContext: !withText,
    ...(opts.context && privacy ? { textNote: `Document text is not shown: ${privacy}.` } : {}),
    footer: `harmlex ${toolVersion()} · ${paths.join(', ')}`,
  });
  const sink = openSink(io, opts.output, [...paths, ...sourceFiles]);
  await sink.write(html);
  await sink.close();
  return EXIT_OK;
}
