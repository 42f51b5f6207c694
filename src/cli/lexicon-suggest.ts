/**
 * `harmlex lexicon suggest CODED... [-l BASE]... [-o candidates.yaml] [--format yaml|table|json]
 * [--folds K] [--min-docs N] [--top N] [--seed S]`: candidate lexicon entries mined from a team's
 * coded excerpts (research/suggest.ts), written as a lexicon that extends the base for a person to
 * review, and with --folds, proof on held-out folds of whether they help (research/suggest-folds.ts).
 * Excerpts of the test split ("split": "test") are never mined unless --split says so.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULT_LEXICON_NAME } from '../lexicon/assemble.js';
import type { CodedExcerpt } from '../research/coded.js';
import type { SuggestFormat, SuggestReport } from '../research/format-suggest.js';
import type { SuggestOptions } from '../research/suggest.js';
import { readCodedOrFail } from './coded.js';
import { collect, loadLexiconsOrFail, parsePositiveInt, warn } from './common.js';
import { CliError, EXIT_OK, UsageError } from './errors.js';
import { openSink, type CliIO } from './io.js';

const SPLITS = ['dev', 'test', 'all', 'not-test'] as const;
/** research/format-suggest.ts's formats (not imported here: the mining modules load only when suggest runs). */
const SUGGEST_FORMATS: readonly SuggestFormat[] = ['yaml', 'table', 'json'];

export interface SuggestCliOptions {
  lexicon?: string[];
  output?: string;
  format?: SuggestFormat;
  folds?: number;
  minDocs?: number;
  top?: number;
  seed?: number;
  minZ?: number;
  minWords?: number;
  repeats?: number;
  priorStrength?: number;
  split?: (typeof SPLITS)[number];
  background?: boolean;
  docs?: string[];
}

function parseInteger(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`not an integer: ${v}`);
  return n;
}

function parseNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`not a number: ${v}`);
  return n;
}

export function registerSuggest(lex: Command, io: CliIO, setExit: (code: number) => void): void {
  lex
    .command('suggest')
    .description("candidate entries mined from your coded excerpts (word n-grams ranked per code by weighted log-odds, Monroe et al. 2008), as a lexicon that extends the base, for review; --folds K shows on held-out folds whether they help")
    .argument('<coded...>', 'coded excerpts: JSONL, the CSV "harmlex agree" reads, a REFI-QDA project (.qdpx), or a folder of JSONL')
    .option('-l, --lexicon <file>', 'base lexicon (repeatable; default: the built-in one): n-grams it already matches are left out, and the candidates extend it', collect)
    .option('-o, --output <file>', 'write the candidates lexicon (YAML) to this file')
    .addOption(new Option('-f, --format <format>', 'standard output: yaml (the candidates lexicon; default without -o and --folds), table (ranked list and fold figures) or json').choices([...SUGGEST_FORMATS]))
    .option('--folds <k>', 'also mine on K-1 folds and measure on the fold left out, K times: held-out accuracy, kappa and F1 with and without the candidates', parsePositiveInt)
    .option('--min-docs <n>', 'an n-gram must occur in at least N excerpts of its code', parsePositiveInt, 3)
    .option('--top <n>', 'candidates per code', parsePositiveInt, 10)
    .option('--min-z <z>', 'smallest z-score of a candidate', parseNumber, 1.96)
    .option('--min-words <n>', 'shortest candidate, in words (1-4)', parsePositiveInt, 1)
    .option('--prior-strength <x>', "weight of the prior, as a multiple of the excerpts' n-gram count (smaller: bolder candidates)", parseNumber, 1)
    .option('--repeats <r>', 'with --folds: repeat the K-fold run R times with new folds and average the figures', parsePositiveInt, 1)
    .option('--seed <s>', 'seed of the folds and the bootstrap', parseInteger, 1)
    .addOption(new Option('--split <split>', 'which excerpts: not-test (default: all but those whose "split" is test), dev, test or all').choices(SPLITS).default('not-test'))
    .option('--no-background', 'no general-English prior (the Brown corpus counts in data/); the prior is then the coded excerpts alone')
    .option('--docs <path>', "folder of the excerpts' texts for a CSV without a text column (files named by id)", collect)
    .action(async (paths: string[], opts: SuggestCliOptions) => {
      setExit(await runSuggest(paths, opts, io));
    });
}

async function readAll(paths: readonly string[], opts: SuggestCliOptions, io: CliIO): Promise<CodedExcerpt[]> {
  return readCodedOrFail(paths, opts, io, 'nothing was mined');
}

/** What the candidates extend, as the output file will name it: `default`, or paths relative to the file's folder. */
function extendsFor(bases: readonly string[] | undefined, output: string | undefined, cwd: string): string[] {
  if (!bases?.length) return [DEFAULT_LEXICON_NAME];
  const from = output && output !== '-' ? dirname(resolve(cwd, output)) : cwd;
  return bases.map((b) => {
    if (b === DEFAULT_LEXICON_NAME) return b;
    const r = relative(from, resolve(cwd, b)).split(sep).join('/');
    return r.startsWith('.') ? r : `./${r}`;
  });
}

export async function runSuggest(paths: string[], opts: SuggestCliOptions, io: CliIO): Promise<number> {
  if (paths.length === 0) throw new UsageError('give a file of coded excerpts');
  if (opts.folds !== undefined && opts.folds < 2) throw new UsageError('--folds: at least 2');
  const all = await readAll(paths, opts, io);
  const split = opts.split ?? 'not-test';
  const excerpts = split === 'all' ? all : split === 'not-test' ? all.filter((x) => x.split !== 'test') : all.filter((x) => x.split === split);
  const leftOut = all.length - excerpts.length;
  if (split === 'not-test' && leftOut) warn(io, `${leftOut} excerpt${leftOut === 1 ? '' : 's'} of the test split left out (held out: never mined)`);
  if (excerpts.length === 0) throw new CliError(split === 'all' || split === 'not-test' ? 'no coded excerpts to mine' : `no excerpts with "split": "${split}"`);
  if (opts.folds !== undefined && opts.folds > excerpts.length) throw new UsageError(`--folds ${opts.folds}: more folds than the ${excerpts.length} excerpts`);

  const { compiled } = await loadLexiconsOrFail(opts.lexicon, io);
  const [{ readBrownBackground }, { mineCandidates }, { candidateEntries }, { foldRun }, { formatSuggest }] = await Promise.all([
    import('../io/background.js'),
    import('../research/suggest.js'),
    import('../research/suggest-lexicon.js'),
    import('../research/suggest-folds.js'),
    import('../research/format-suggest.js'),
  ]);
  let background = null;
  if (opts.background !== false) {
    const bg = readBrownBackground();
    if (bg.problem) warn(io, `${bg.problem}; the prior is the coded excerpts alone`);
    background = bg.background ?? null;
  }
  if (opts.minWords !== undefined && opts.minWords > 4) throw new UsageError('--min-words: at most 4');
  if (opts.priorStrength !== undefined && !(opts.priorStrength > 0)) throw new UsageError('--prior-strength: a number above 0');
  const mine: SuggestOptions = { minDocs: opts.minDocs ?? 3, top: opts.top ?? 10, minZ: opts.minZ ?? 1.96, maxN: 4, minN: opts.minWords ?? 1, priorStrength: opts.priorStrength ?? 1, background };
  const label = `${paths.join(', ')} (${excerpts.length} coded excerpts)`;
  const mined = mineCandidates(excerpts, { ...mine, base: compiled });
  const { entries, dropped } = candidateEntries(mined, excerpts, compiled.lexicon, { sourceLabel: label });
  const folds = opts.folds ? foldRun(excerpts, compiled, { folds: opts.folds, seed: opts.seed ?? 1, repeats: opts.repeats ?? 1, mine }) : undefined;

  const report: SuggestReport = {
    coded: paths.join(', '),
    excerpts: excerpts.length,
    leftOut: split === 'not-test' ? leftOut : 0,
    extends: extendsFor(opts.lexicon, opts.output, io.cwd),
    background: background?.name ?? null,
    options: { maxN: mine.maxN!, minN: mine.minN!, minDocs: mine.minDocs!, top: mine.top!, minZ: mine.minZ!, priorStrength: mine.priorStrength! },
    codes: mined.codes,
    entries,
    excluded: mined.excluded,
    dropped,
    ...(folds ? { folds } : {}),
  };
  if (opts.output) {
    const sink = openSink(io, opts.output, paths);
    await sink.write(formatSuggest(report, 'yaml'));
    await sink.close();
    warn(io, `wrote ${entries.length} candidate${entries.length === 1 ? '' : 's'} to ${opts.output}; review them before use`);
  }
  const format: SuggestFormat | null = opts.format ?? (opts.output ? (folds ? 'table' : null) : folds ? 'table' : 'yaml');
  if (format) {
    const out = openSink(io, undefined);
    await out.write(formatSuggest(report, format));
    await out.close();
  }
  if (folds && format !== 'table' && format !== 'json') warn(io, folds.verdict);
  return EXIT_OK;
}
