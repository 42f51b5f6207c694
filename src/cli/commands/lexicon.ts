/**
 * `harmlex lexicon validate|test|list|init`: tooling for lexicon authors. validate reports every
 * problem (exit 2 on any); test runs every entry's examples (exit 1 on a failure); list prints the
 * entries (the Markdown form is docs/default-lexicon.md); init writes a starter config and lexicon.
 */
import { existsSync } from 'node:fs';
import { writeOutputFile } from '../../atomic-write.js';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { describeHit, MIN_PRINCIPLE_INDICATORS, runExamples, type ExampleFailure } from '../../examples.js';
import { LexiconError, formatProblem, type LexiconProblem } from '../../lexicon/errors.js';
import { loadLexiconFiles, type LoadedLexicon } from '../../io/lexicon-files.js';
import { lexiconCacheDir } from '../../io/lexicon-cache.js';
import { LIST_FORMATS, listCsv, listMarkdown, listTable, type ListFormat } from '../../report/check/lexicon-list.js';
import { CATEGORIES, type Category } from '../../types.js';
import { collect, loadLexiconsOrFail } from '../common.js';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import { openSink, outputFormat, type CliIO } from '../io.js';
import { registerSuggest } from '../lexicon-suggest.js';

async function loadOne(file: string, io: CliIO): Promise<{ loaded?: LoadedLexicon; problems: LexiconProblem[] }> {
  try {
    return { loaded: await loadLexiconFiles([file], io.cwd, lexiconCacheDir(io.env)), problems: [] };
  } catch (e) {
    if (e instanceof LexiconError) return { problems: e.problems };
    throw e;
  }
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

export async function runValidate(files: string[], opts: { format?: 'text' | 'json' }, io: CliIO): Promise<number> {
  const results: { file: string; ok: boolean; entries: number; problems: LexiconProblem[] }[] = [];
  for (const file of files) {
    const { loaded, problems } = await loadOne(file, io);
    results.push({ file, ok: problems.length === 0, entries: loaded?.lexicon.entries.length ?? 0, problems });
  }
  const total = results.reduce((n, r) => n + r.problems.length, 0);
  if (opts.format === 'json') {
    io.stdout.write(`${JSON.stringify({ valid: total === 0, files: results }, null, 2)}\n`);
  } else {
    for (const r of results) {
      if (r.ok) io.stdout.write(`${r.file}: ok (${plural(r.entries, 'entry', 'entries')})\n`);
      else for (const p of r.problems) io.stdout.write(`${formatProblem(p)}\n`);
    }
    if (total) io.stderr.write(`harmlex: ${plural(total, 'problem')} in ${plural(results.filter((r) => !r.ok).length, 'lexicon')}\n`);
  }
  return total ? EXIT_ERROR : EXIT_OK;
}

function formatFailure(f: ExampleFailure): string {
  const where = f.origin ? ` (${f.origin.file}:${f.origin.line}:${f.origin.column})` : '';
  const lines = [`FAIL ${f.entry}${where} ${f.kind}: ${JSON.stringify(f.sentence)}`, `     ${f.reason}`];
  const others = f.matched.filter((m) => !(f.kind === 'no_match' && m.entry === f.entry && m.counted && !m.negated));
  if (others.length) lines.push(`     matched instead: ${others.map(describeHit).join('; ')}`);
  for (const d of f.dropped) lines.push(`     ${d}`);
  return lines.join('\n');
}

export async function runLexiconTest(files: string[], opts: { format?: 'text' | 'json'; minIndicators?: number }, io: CliIO): Promise<number> {
  let failed = 0;
  let broken = 0;
  const json: unknown[] = [];
  for (const file of files) {
    const { loaded, problems } = await loadOne(file, io);
    if (!loaded) {
      broken++;
      if (opts.format === 'json') json.push({ file, problems });
      else for (const p of problems) io.stdout.write(`${formatProblem(p)}\n`);
      continue;
    }
    const { failures, coverage } = runExamples(loaded.compiled, { minIndicators: opts.minIndicators ?? MIN_PRINCIPLE_INDICATORS });
    failed += failures.length;
    if (opts.format === 'json') {
      json.push({ file, failures, coverage });
      continue;
    }
    const out: string[] = [];
    out.push(`${file}: ${plural(coverage.entries, 'entry', 'entries')}, ${plural(coverage.sentences, 'example sentence')} checked`);
    for (const f of failures) out.push(formatFailure(f));
    if (coverage.withoutMatchExamples.length) {
      out.push(`coverage: ${plural(coverage.withoutMatchExamples.length, 'entry', 'entries')} without a match example: ${coverage.withoutMatchExamples.join(', ')}`);
    }
    if (coverage.thinPrinciples.length) {
      out.push(
        `coverage: principles with fewer than ${opts.minIndicators ?? MIN_PRINCIPLE_INDICATORS} indicator entries: ${coverage.thinPrinciples.map((t) => `${t.principle} (${t.entries})`).join(', ')}`,
      );
    }
    out.push(failures.length ? `${plural(failures.length, 'failing example')}` : 'all examples pass');
    io.stdout.write(`${out.join('\n')}\n`);
  }
  if (opts.format === 'json') io.stdout.write(`${JSON.stringify({ files: json }, null, 2)}\n`);
  if (broken) return EXIT_ERROR;
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

export async function runList(opts: { lexicon?: string[]; category?: Category[]; format?: ListFormat; output?: string; csvRaw?: boolean }, io: CliIO): Promise<number> {
  const { lexicon, files } = await loadLexiconsOrFail(opts.lexicon, io);
  const entries = lexicon.entries.filter((e) => !opts.category?.length || opts.category.includes(e.category));
  const format = outputFormat(io, opts.format, opts.output, LIST_FORMATS, 'table');
  const text = format === 'csv' ? listCsv(entries, { raw: opts.csvRaw === true }) : format === 'markdown' ? listMarkdown(lexicon, entries) : listTable(entries);
  const sink = openSink(io, opts.output, files ?? [], { label: '--output', human: format !== 'csv' });
  await sink.write(text);
  await sink.close();
  return EXIT_OK;
}

export const STARTER_CONFIG = `# harmlex configuration: see docs/ci.md ("Configuration").
# Lexicons are merged over the built-in default lexicon, in order.
lexicons:
  - harmlex.lexicon.yaml
# Terms your team accepts, each with a reason (an entry id, or an exact phrase):
allow: []
#  - entry: some-entry-id
#    reason: quoted from a validated instrument; wording may not change
# Files that are not patient-facing text:
ignore:
  - "**/vendor/**"
# The lowest severity that fails the check: error, warning or info.
failOn: warning
`;

export const STARTER_LEXICON = `# A local lexicon: the built-in default plus your own entries (format: docs/lexicon.md).
# Check it with: harmlex lexicon validate harmlex.lexicon.yaml && harmlex lexicon test harmlex.lexicon.yaml
harmlex: 1
name: local
version: '0.1.0'
extends: [default]
entries: []
#  - id: local-example
#    category: stigma
#    terms: [frequent flyer]
#    suggest: [person with frequent visits]
#    source: Your team's style guide
#    examples:
#      match: [He is a frequent flyer in the ED.]
#      no_match: [She is a frequent flyer with Delta.]
`;

export function runInit(opts: { force?: boolean }, io: CliIO): number {
  const targets: [string, string][] = [
    ['.harmlex.yaml', STARTER_CONFIG],
    ['harmlex.lexicon.yaml', STARTER_LEXICON],
  ];
  const existing = targets.filter(([name]) => existsSync(resolve(io.cwd, name))).map(([name]) => name);
  if (existing.length && !opts.force) throw new CliError(`refusing to overwrite ${existing.join(' and ')} (remove ${existing.length === 1 ? 'it' : 'them'} first)`);
  for (const [name, text] of targets) {
    try {
      writeOutputFile(resolve(io.cwd, name), text, { display: name });
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  io.stderr.write(`harmlex: wrote ${targets.map(([n]) => n).join(' and ')}; run "harmlex check ." to try it\n`);
  return EXIT_OK;
}

function parseCategory(value: string, previous: Category[] = []): Category[] {
  const out = [...previous];
  for (const v of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(CATEGORIES as readonly string[]).includes(v)) throw new CliError(`unknown category "${v}"; one of ${CATEGORIES.join(', ')}`);
    out.push(v as Category);
  }
  return out;
}

export function registerLexicon(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const lex = program.command('lexicon').description('lexicon tooling: validate, test examples, list entries, start a local lexicon');
  lex
    .command('validate')
    .description('report every problem in lexicon files, each as file:line:col code message (exit 2 on any)')
    .argument('<files...>', 'lexicon files (their "extends" are followed)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (files: string[], opts: { format: 'text' | 'json' }) => setExit(await runValidate(files, opts, io)));
  lex
    .command('test')
    .description("run every entry's examples: match sentences must match the entry, no_match sentences must not (exit 1 on a failure)")
    .argument('<files...>', 'lexicon files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--min-indicators <n>', 'report principles with fewer indicator entries than this', (v) => Number.parseInt(v, 10), MIN_PRINCIPLE_INDICATORS)
    .action(async (files: string[], opts: { format: 'text' | 'json'; minIndicators: number }) => setExit(await runLexiconTest(files, opts, io)));
  lex
    .command('list')
    .description('list entries: terms, suggestions, sources')
    .option('-l, --lexicon <file>', 'lexicon file (repeatable; default: the built-in one)', collect)
    .option('-c, --category <category>', `only these categories (${CATEGORIES.join(', ')}; repeatable)`, parseCategory)
    .addOption(new Option('-f, --format <format>', 'output format (default: from the -o file\'s extension, else table)').choices(LIST_FORMATS))
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--csv-raw', 'CSV cells exactly as they are (by default a cell starting with = + - @, a tab or a carriage return gets a leading \' so a spreadsheet shows it as text)')
    .action(async (opts: { lexicon?: string[]; category?: Category[]; format?: ListFormat; output?: string; csvRaw?: boolean }) => setExit(await runList(opts, io)));
  lex
    .command('init')
    .description('write a starter .harmlex.yaml and a local lexicon (harmlex.lexicon.yaml) that extends the default; never overwrites')
    .action(() => setExit(runInit({}, io)));
  registerSuggest(lex, io, setExit);
}
