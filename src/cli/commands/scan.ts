/** `harmlex scan`: measure. Findings never fail a scan; skipped inputs and errors exit 2. */
import { Command, Option } from 'commander';
import { DEFAULT_MAX_FILE_SIZE } from '../../io/documents.js';
import { DOCUMENT_EXTENSIONS as DEFAULT_EXTENSIONS } from '../../io/files.js';
import { STDIN_FORMATS } from '../../io/readers/index.js';
import { SCAN_FORMATS } from '../../report/index.js';
import { DEFAULT_CACHE_LOCATION } from '../../scale/cache.js';
import { runScanPlan } from '../../engine/scan.js';
import { collect, collectList, collectNames, parsePositiveInt, parseSize, warn } from '../common.js';
import { EXIT_ERROR, EXIT_OK } from '../errors.js';
import { planEnv, runEnv } from '../env.js';
import type { CliIO } from '../io.js';
import { planScan, type ScanOptions } from '../plan-scan.js';
import { SORT_KEYS } from '../../research/rank.js';
import { INPUT_ENCODINGS } from '../../io/decode.js';

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
    .addOption(new Option('--sort <key>', 'write the documents ranked, what to read first first: continuum (from -1), antithetical, stigma or relational (highest score first); skipped inputs last').choices(SORT_KEYS))
    .option('--top <n>', 'write only the first N documents of the ranking (--sort, default continuum)', parsePositiveInt)
    .addOption(new Option('--encoding <name>', 'the encoding of the inputs when they are not UTF-8 (a UTF-16 file with a BOM is read without it)').choices(INPUT_ENCODINGS))
    .option('--bom', 'start CSV output with a UTF-8 byte order mark, so Excel reads its accents and ellipses right')
    .option('--csv-raw', 'CSV cells exactly as they are: by default a cell starting with = + - @, a tab or a carriage return gets a leading \' so a spreadsheet shows it as text, not a formula (docs/security.md)')
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
    .action(async (paths: string[], opts: ScanOptions) => {
      setExit(await runScan(paths, opts, io));
    });
}

export async function runScan(paths: string[], opts: ScanOptions, io: CliIO): Promise<number> {
  const plan = planScan(paths, opts, planEnv(io));
  for (const note of plan.notes) warn(io, note);
  const { summary, otherShards, unmatchedSpeakers: unmatched } = await runScanPlan(plan, runEnv(io, plan.paths));
  if (unmatched) {
    const { labels } = unmatched;
    warn(io, `speaker ${unmatched.names.map((n) => JSON.stringify(n)).join(', ')} matches no label in any document (${labels.length ? `labels found: ${labels.slice(0, 20).join(', ')}${labels.length > 20 ? ', ...' : ''}` : 'no speaker labels found; see --speaker-pattern'}); exit code 2`);
    return EXIT_ERROR;
  }
  if (summary.documents === 0 && otherShards > 0) {
    warn(io, `--shard ${plan.shard!.spec}: none of the ${otherShards} document${otherShards === 1 ? '' : 's'} falls in this share; the other shards hold them`);
  } else if (summary.documents === 0 && !plan.allowEmpty) {
    warn(io, 'no documents found in the inputs (use --allow-empty to accept this)');
    return EXIT_ERROR;
  }
  if (summary.skipped > 0) {
    warn(io, `${summary.skipped} of ${summary.documents} input${summary.documents === 1 ? '' : 's'} skipped; exit code 2`);
    return EXIT_ERROR;
  }
  return EXIT_OK;
}
