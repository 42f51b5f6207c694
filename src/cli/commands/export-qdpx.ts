/** `harmlex export-qdpx RESULTS SOURCES... -o project.qdpx`: a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA. */
import { Command, Option } from 'commander';
import { INPUT_ENCODINGS } from '../../io/decode.js';
import { DOCUMENT_EXTENSIONS as DEFAULT_EXTENSIONS, expandPaths } from '../../io/files.js';
import { readSourceTexts, sourceReadOptions } from '../../io/source-texts.js';
import { listIds, sourcesPolicy } from '../../research/privacy.js';
import { buildZip } from '../../io/zip.js';
import { buildCodebookXml, buildProject, type QdaSource } from '../../research/refi.js';
import type { LexiconEntry } from '../../types.js';
import { toolVersion } from '../../version.js';
import { collect, collectList, loadLexiconsOrFail, warn } from '../common.js';
import { CliError, EXIT_ERROR, EXIT_OK, UsageError } from '../errors.js';
import { writeOutputFile, type CliIO } from '../io.js';
import { loadResultsOrFail } from '../results.js';

interface ExportOptions {
  output: string;
  codebook?: string;
  name?: string;
  lexicon?: string[];
  ext?: string[];
  includeUncounted?: boolean;
  readSources?: boolean;
  textColumn: string;
  idColumn: string;
  encoding?: string;
}

export function registerExportQdpx(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('export-qdpx')
    .description('write a REFI-QDA project (.qdpx: project.qde and the source texts) with every counted match as a coded selection, or a codebook alone (.qdc)')
    .argument('[results]', 'the JSONL or JSON file written by "harmlex scan" (not needed for a .qdc codebook)')
    .argument('[sources...]', 'the scanned text files or folders (default: each record\'s source path)')
    .requiredOption('-o, --output <file>', 'the project to write (.qdpx), or a codebook alone (.qdc)')
    .option('--codebook <file.qdc>', 'also write the codebook alone to this file')
    .option('--name <name>', 'project name (default: the output file name)')
    .option('-l, --lexicon <file>', 'lexicon whose entries are listed in the code descriptions (repeatable; default: the built-in one)', collect)
    .option('--ext <list>', `extensions picked up from source folders (default: ${DEFAULT_EXTENSIONS.join(',')})`, collectList)
    .option('--include-uncounted', 'also code matches that do not count (negated)')
    .option('--read-sources', 'read the document texts even though the results were made with --no-context: without it they are never read, and the export stops')
    .option('--text-column <name>', 'CSV/TSV column or JSONL field holding the text, as given to scan', 'text')
    .option('--id-column <name>', 'CSV/TSV column or JSONL field holding the document id, as given to scan', 'id')
    .addOption(new Option('--encoding <name>', 'the encoding of the sources when they are not UTF-8, as given to scan').choices(INPUT_ENCODINGS))
    .action(async (results: string | undefined, sources: string[], opts: ExportOptions) => {
      setExit(await runExportQdpx(results, sources, opts, io));
    });
}

/** Creation time: SOURCE_DATE_EPOCH (seconds) when set, for reproducible builds; else now. */
function createdAt(io: CliIO): Date {
  const e = io.env.SOURCE_DATE_EPOCH;
  if (e && /^\d+$/.test(e)) return new Date(Number(e) * 1000);
  return new Date();
}

async function lexiconEntries(opts: ExportOptions, io: CliIO): Promise<{ entries?: LexiconEntry[]; files: readonly string[] }> {
  if (opts.lexicon?.length) {
    const l = await loadLexiconsOrFail(opts.lexicon, io);
    return { entries: l.lexicon.entries, files: l.files ?? [] };
  }
  try {
    const l = await loadLexiconsOrFail(undefined, io);
    return { entries: l.lexicon.entries, files: l.files ?? [] };
  } catch {
    warn(io, 'the built-in lexicon could not be loaded; code descriptions list no entries');
    return { files: [] };
  }
}

/** Written atomically, never over an input (the results, the sources, the lexicons). */
function write(io: CliIO, file: string, data: string | Buffer, inputs: readonly string[], option: string): void {
  writeOutputFile(io, file, data, inputs, option);
}

export async function runExportQdpx(results: string | undefined, sources: string[], opts: ExportOptions, io: CliIO): Promise<number> {
  const origin = `harmlex ${toolVersion()}`;
  const { entries, files: lexiconFiles } = await lexiconEntries(opts, io);
  const codebookOnly = opts.output.toLowerCase().endsWith('.qdc');
  if (codebookOnly || opts.codebook) write(io, codebookOnly ? opts.output : opts.codebook!, buildCodebookXml({ origin, entries }), [...(results ? [results] : []), ...lexiconFiles], codebookOnly ? '-o' : '--codebook');
  if (codebookOnly) return EXIT_OK;
  if (!results) throw new UsageError('give the results file that "harmlex scan" wrote (JSONL or JSON), then the source texts');
  if (!opts.output.toLowerCase().endsWith('.qdpx')) warn(io, `${opts.output}: REFI-QDA projects are usually named *.qdpx`);

  const records = loadResultsOrFail([results], io);
  if (records.some((r) => r.status === 'ok' && !r.matches)) throw new UsageError(`${results} carries no matches (CSV); export from the JSONL or JSON that "harmlex scan" writes`);
  const { files } = expandPaths(sources, { extensions: opts.ext?.length ? opts.ext : DEFAULT_EXTENSIONS, cwd: io.cwd });
  for (const f of files) if (f.problem) warn(io, `${f.path}: ${f.problem}`);
  const privacy = sourcesPolicy(records.filter((r) => r.matches), opts.readSources === true);
  if (privacy) throw new CliError(`${results}: ${privacy}, and a REFI-QDA project holds the document texts: give --read-sources to read them`);
  const { texts, missing, misaligned } = await readSourceTexts(
    records,
    files.filter((f) => !f.problem).map((f) => f.path),
    sourceReadOptions(opts, io),
  );
  const problems: string[] = [];
  if (missing.length) problems.push(`no source text found for ${listIds(missing)}${sources.length ? ` in ${sources.join(', ')}` : ' (give the scanned files or folders after the results)'}`);
  if (misaligned.length) problems.push(`the source text of ${listIds(misaligned)} no longer matches the scan (changed since?)`);
  if (problems.length) throw new CliError(`${problems.join('; ')}; nothing was written`);
  const qdaSources: QdaSource[] = [];
  for (const r of records) {
    const t = texts.get(r.id);
    if (!t) continue;
    qdaSources.push({ id: r.id, text: t.text, meta: r.meta, placement: r.placement, continuum: r.continuum, matches: t.matches });
  }
  const when = createdAt(io);
  const created = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const name = opts.name ?? opts.output.replace(/^.*[\\/]/, '').replace(/\.qdpx$/i, '');
  const project = buildProject(qdaSources, { name, origin, created, entries, includeUncounted: opts.includeUncounted });
  for (const w of project.warnings) warn(io, w);
  const zip = buildZip(
    [{ name: 'project.qde', data: Buffer.from(project.qde, 'utf8') }, ...project.files.map((f) => ({ name: f.path, data: Buffer.from(f.text, 'utf8') }))],
    when,
  );
  write(io, opts.output, zip, [results, ...lexiconFiles, ...files.map((f) => f.path)], '-o');
  warn(io, `wrote ${opts.output}: ${qdaSources.length} source${qdaSources.length === 1 ? '' : 's'}, ${project.selections} coded selection${project.selections === 1 ? '' : 's'}`);
  return qdaSources.length === 0 ? EXIT_ERROR : EXIT_OK;
}
