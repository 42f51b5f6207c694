/**
 * `harmlex eval CODED... [-l LEXICON]... [--split dev|test|all] [--misses]`: how far to trust
 * harmlex on a team's coded excerpts (JSONL, the CSV `agree` reads, a REFI-QDA project, or a folder
 * of JSONL such as fixtures/corpus): placement accuracy, confusion, kappa, per-code P/R/F1,
 * stigma-term recall, traps, and with --misses every disagreement with its evidence.
 */
import { Command, Option } from 'commander';
import { evaluate, predictExcerpt } from '../../research/evaluate.js';
import { EVAL_FORMATS, EVAL_METHOD, formatEval, type EvalFormat } from '../../research/format-eval.js';
import { readCodedOrFail } from '../coded.js';
import { collect, loadLexiconsOrFail } from '../common.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { openSink, outputFormat, type CliIO } from '../io.js';

export const SPLITS = ['dev', 'test', 'all'] as const;

interface EvalOptions {
  lexicon?: string[];
  format?: EvalFormat;
  misses?: boolean;
  output?: string;
  split?: (typeof SPLITS)[number];
  docs?: string[];
  context?: boolean;
}

export function registerEval(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('eval')
    .description("how far to trust harmlex on your coded excerpts: placement accuracy, confusion matrix and Cohen's kappa (95% CI), per-principle and per-category precision/recall/F1, stigma-term recall, traps flagged")
    .argument('<coded...>', 'coded excerpts: JSONL (id, text, placement, principles, categories, stigma_terms, not_stigma_terms), the CSV "harmlex agree" reads, a REFI-QDA project (.qdpx), or a folder of JSONL')
    .option('-l, --lexicon <file>', 'lexicon file (repeatable; "default" is the built-in one)', collect)
    .addOption(new Option('-f, --format <format>', 'output format (default: table on a terminal, json otherwise)').choices(EVAL_FORMATS))
    .option('--misses', 'list every disagreement with its evidence')
    .option('-o, --output <file>', 'write the report to a file')
    .addOption(new Option('--split <split>', 'which excerpts: those whose "split" is dev or test, or all').choices(SPLITS).default('all'))
    .option('--no-context', 'keep excerpt text out of the report (disagreements list ids, codes and entries only)')
    .option('--docs <path>', "folder of the excerpts' texts for a CSV without a text column (files named by id; default: the CSV's folder and its docs/)", collect)
    .action(async (paths: string[], opts: EvalOptions) => {
      setExit(await runEval(paths, opts, io));
    });
}

export async function runEval(paths: string[], opts: EvalOptions, io: CliIO): Promise<number> {
  if (paths.length === 0) throw new UsageError('give a file of coded excerpts');
  const split = opts.split ?? 'all';
  const excerpts = await readCodedOrFail(paths, opts, io, 'nothing was evaluated');
  const chosen = split === 'all' ? excerpts : excerpts.filter((x) => x.split === split);
  if (chosen.length === 0) throw new CliError(split === 'all' ? 'no coded excerpts' : `no excerpts with "split": "${split}"`);
  const { compiled, lexicon } = await loadLexiconsOrFail(opts.lexicon, io);
  const context = opts.context !== false;
  const predictions = chosen.map((x) => predictExcerpt(x, compiled, { context: false, diagnose: true }));
  const report = evaluate(chosen, predictions, { context });
  const format: EvalFormat = outputFormat(io, opts.format, opts.output, EVAL_FORMATS, io.stdoutIsTTY && !opts.output ? 'table' : 'json');
  const sink = openSink(io, opts.output, paths);
  await sink.write(formatEval({ coded: paths, lexicon: `${lexicon.name} ${lexicon.version}`, split, report, method: EVAL_METHOD }, format, { misses: opts.misses }));
  await sink.close();
  return EXIT_OK;
}
