/** `harmlex report RESULTS... -o report.html`: one self-contained HTML report. */
import { Command } from 'commander';
import { DOCUMENT_EXTENSIONS as DEFAULT_EXTENSIONS, expandPaths } from '../../io/files.js';
import { readSourceTexts } from '../../io/results.js';
import { renderHtmlReport } from '../../report/html.js';
import { summarize } from '../../research/summary.js';
import { toolVersion } from '../../version.js';
import { collect, collectList, collectNames, parseNonNegativeInt, warn } from '../common.js';
import { EXIT_OK } from '../errors.js';
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
}

export function registerReport(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('write a self-contained HTML report: continuum plot, principle prevalence, stigma terms, each document with its matches highlighted')
    .argument('<results...>', 'JSONL or JSON files written by "harmlex scan" (several merge)')
    .option('-o, --output <file>', 'the HTML file to write (default: standard output)')
    .option('--by <fields>', 'group the plot and tables by these metadata fields (repeatable or comma-separated)', collectNames)
    .option('--title <text>', 'the report title', 'harmlex report')
    .option('--no-context', 'leave document text out of the report (only the list of matches)')
    .option('--sources <path>', 'where the scanned texts are (files or folders; repeatable); default: each record\'s source path', collect)
    .option('--ext <list>', `extensions picked up from --sources folders (default: ${DEFAULT_EXTENSIONS.join(',')})`, collectList)
    .option('--decimals <n>', 'decimals of the percentages', parseNonNegativeInt, 0)
    .action(async (paths: string[], opts: ReportOptions) => {
      setExit(await runReport(paths, opts, io));
    });
}

export async function runReport(paths: string[], opts: ReportOptions, io: CliIO): Promise<number> {
  const records = loadResultsOrFail(paths, io);
  const summary = summarize(records, { by: opts.by, decimals: Math.min(opts.decimals, 3) });
  let texts = new Map<string, string>();
  if (opts.context) {
    const files = opts.sources?.length ? expandPaths(opts.sources, { extensions: opts.ext?.length ? opts.ext : DEFAULT_EXTENSIONS, cwd: io.cwd }).files.map((f) => f.path) : [];
    const read = readSourceTexts(records, files, io.cwd);
    texts = new Map([...read.texts].map(([id, t]) => [id, t.text]));
    const without = read.missing.length + read.misaligned.length;
    if (without) warn(io, `${without} document${without === 1 ? '' : 's'} shown with context snippets only: ${read.misaligned.length ? 'the text changed since the scan or ' : ''}the text was not found (use --sources)`);
  }
  const html = renderHtmlReport({ title: opts.title, records, summary, texts, noContext: !opts.context, footer: `harmlex ${toolVersion()} · ${paths.join(', ')}` });
  const sink = openSink(io, opts.output, paths);
  await sink.write(html);
  await sink.close();
  return EXIT_OK;
}
