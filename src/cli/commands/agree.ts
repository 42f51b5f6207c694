/** `harmlex agree [RESULTS...] --gold CODES.csv [--gold CODES2.csv] [--adjudicated FILE]`. */
import { readErrorReason, readTextFile } from '../../bounded-read.js';
import { describeCsvError } from '../../parse-errors.js';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { parse } from 'csv-parse/sync';
import { adjudicatedPrecision } from '../../research/agreement.js';
import { compareCoders, harmlexCoder, parseCodes, type Coder, type Comparison } from '../../research/codes.js';
import { AGREE_FORMATS, formatAgree, METHOD, type AgreeFormat, type AgreeReport } from '../../research/format-agree.js';
import { collect, warn } from '../common.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { openSink, outputFormat, type CliIO } from '../io.js';
import { loadResultsOrFail } from '../results.js';
import { listIds } from '../../research/privacy.js';

interface AgreeOptions {
  gold?: string[];
  adjudicated?: string;
  format?: AgreeFormat;
  output?: string;
  join?: string;
  bom?: boolean;
  csvRaw?: boolean;
}

export function registerAgree(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('agree')
    .description("agreement of harmlex's codes with human codes (and of two human coders): percent agreement, Cohen's kappa with 95% CI, precision, recall, F1, confusion matrix")
    .argument('[results...]', 'JSONL, JSON or CSV files written by "harmlex scan" (optional with two --gold files)')
    .option('--gold <codes.csv>', 'human codes: an id column and placement / principle / stigma columns (repeat for a second coder)', collect)
    .option('--adjudicated <file>', 'a "harmlex sample" CSV with its verdict column filled in: per-entry precision')
    .addOption(new Option('-f, --format <format>', 'output format (default: table on a terminal, json otherwise)').choices(AGREE_FORMATS))
    .option('-o, --output <file>', 'write the report to a file')
    .option('--csv-raw', 'CSV cells exactly as they are (by default a cell starting with = + - @, a tab or a carriage return gets a leading \' so a spreadsheet shows it as text)')
    .option('--bom', 'start CSV output with a UTF-8 byte order mark (for Excel)')
    .option('--join <field>', 'match the results to the codes on this field: a metadata field of the results (e.g. from --meta-from-path) and the codes file\'s column of that name (else its id column), or "stem" for the file name without extension')
    .action(async (paths: string[], opts: AgreeOptions) => {
      setExit(await runAgree(paths, opts, io));
    });
}

function readCsv(file: string, io: CliIO): Record<string, string>[] {
  let text: string;
  try {
    text = readTextFile(resolve(io.cwd, file));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${readErrorReason(e)}`);
  }
  try {
    return parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
  } catch (e) {
    throw new CliError(`${file}: ${describeCsvError(e)}`);
  }
}

export async function runAgree(paths: string[], opts: AgreeOptions, io: CliIO): Promise<number> {
  const gold = opts.gold ?? [];
  if (gold.length > 2) throw new UsageError('--gold: at most two codes files (two coders)');
  if (gold.length === 0 && !opts.adjudicated) throw new UsageError('nothing to compare: give --gold CODES.csv (and RESULTS, or a second --gold), or --adjudicated FILE');
  if (gold.length === 1 && paths.length === 0) throw new UsageError('one --gold file needs RESULTS to compare with (or give a second --gold for two coders)');

  const coders: Coder[] = gold.map((g) => {
    const t = parseCodes(readCsv(g, io), g, opts.join);
    for (const p of t.problems) warn(io, p);
    if (t.codes.length === 0) throw new CliError(`${g}: no code columns to compare`);
    if (t.ignored.length) warn(io, `${g}: columns not compared: ${t.ignored.join(', ')}`);
    return { name: g, items: t.items, codes: t.codes };
  });
  const comparisons: (Comparison & { aIds: string[] })[] = [];
  if (paths.length) {
    const machine = harmlexCoder(loadResultsOrFail(paths, io), opts.join);
    if (opts.join !== undefined && machine.withoutKey) warn(io, `--join ${opts.join}: ${machine.withoutKey} scored document${machine.withoutKey === 1 ? ' has' : 's have'} no "${opts.join}" value; left out`);
    if (machine.shared.length) warn(io, `--join ${opts.join}: several documents share ${listIds(machine.shared)}; the first of each is compared (scan --group-by ${opts.join} scores them as one unit)`);
    if (machine.items.size === 0) throw new CliError(opts.join !== undefined ? `--join ${opts.join}: no scored document has that field (results carry metadata from CSV/JSONL columns or scan --meta-from-path; "stem" joins on the file name without extension)` : 'the results hold no scored document');
    for (const c of coders) comparisons.push(Object.assign(compareCoders(machine, c, true), { aIds: [...machine.items.keys()] }));
  }
  if (coders.length === 2) comparisons.push(Object.assign(compareCoders(coders[0]!, coders[1]!, false), { aIds: [...coders[0]!.items.keys()] }));
  for (const c of comparisons) {
    if (c.matched === 0) {
      const bIds = [...(coders.find((k) => k.name === c.b)?.items.keys() ?? [])];
      throw new CliError(`no item of ${c.b} matched ${c.a === 'harmlex' ? 'the results' : c.a}: ids in ${c.a === 'harmlex' ? 'the results' : c.a}: ${listIds(c.aIds)}; ids in ${c.b}: ${listIds(bIds)}. Ids match with or without folder and extension; ${opts.join === undefined ? 'to match on a metadata field (such as one from scan --meta-from-path) or on the file name without extension, use --join FIELD or --join stem' : `check that both sides have "${opts.join}"`}`);
    }
    if (c.unmatched.length) warn(io, `${c.unmatched.length} id${c.unmatched.length === 1 ? '' : 's'} of ${c.b} not found in ${c.a}: ${listIds(c.unmatched)}`);
  }
  const report: AgreeReport = { comparisons: comparisons.map(({ aIds: _ids, ...c }) => c), method: METHOD };
  if (opts.adjudicated) {
    const rows = readCsv(opts.adjudicated, io);
    if (rows.length && !('entry' in rows[0]! && 'verdict' in rows[0]!)) throw new CliError(`${opts.adjudicated}: expected the CSV that "harmlex sample" writes (columns entry and verdict)`);
    const entries = adjudicatedPrecision(rows.map((r) => ({ entry: r.entry ?? '', verdict: r.verdict ?? '' })));
    report.adjudication = { file: opts.adjudicated, entries };
    const unjudged = entries.reduce((a, e) => a + e.unjudged, 0);
    if (unjudged) warn(io, `${unjudged} sampled match${unjudged === 1 ? ' has' : 'es have'} no verdict (correct/incorrect, yes/no or 1/0) and ${unjudged === 1 ? 'is' : 'are'} left out`);
  }
  const format: AgreeFormat = outputFormat(io, opts.format, opts.output, AGREE_FORMATS, io.stdoutIsTTY && !opts.output ? 'table' : 'json');
  const sink = openSink(io, opts.output, [...paths, ...gold], { bom: opts.bom === true && format === 'csv', human: format === 'table' });
  await sink.write(formatAgree(report, format, { raw: opts.csvRaw === true }));
  await sink.close();
  return EXIT_OK;
}
