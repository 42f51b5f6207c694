/**
 * `harmlex explain TEXT`: the matcher's trace for a sentence. Each word, then every candidate at it:
 * the entry, whether it was kept, and which exception, required context or negation cue decided.
 * Uses findCandidates (the same trace scan uses), so what it says is what scan does.
 */
import { Command, Option } from 'commander';
import { terminalSafeText } from '../../terminal-safe.js';
import { findCandidates, LineIndex } from '../../scan/scan.js';
import { collect, loadLexiconsOrFail } from '../common.js';
import { EXIT_OK, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';

interface ExplainOptions {
  lexicon?: string[];
  format: 'text' | 'json';
}

export interface ExplainedCandidate {
  entry: string;
  category: string;
  principle: string | null;
  text: string;
  line: number;
  column: number;
  kept: boolean;
  dropped: string | null;
  negationCue: string | null;
  /** What the candidate does: counted as its category, cancelled, or turned into principle evidence. */
  outcome: string;
}

export async function runExplain(words: string[], opts: ExplainOptions, io: CliIO): Promise<number> {
  let text = words.join(' ');
  if (!text && !io.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
    text = Buffer.concat(chunks).toString('utf8');
  }
  if (!text.trim()) throw new UsageError('no text to explain: harmlex explain "He is not an addict"');
  const { compiled } = await loadLexiconsOrFail(opts.lexicon, io);
  const lines = new LineIndex(text);
  const explained: ExplainedCandidate[] = findCandidates(text, compiled).map((c) => {
    const e = compiled.entries[c.entry]!.entry;
    const negated = c.dropped === null && c.negationCue !== null;
    const outcome =
      c.dropped !== null
        ? `dropped (${c.dropped})`
        : negated
          ? typeof e.negation === 'object'
            ? `negated by "${c.negationCue}": counted as ${e.negation.becomes}`
            : `negated by "${c.negationCue}": not counted`
          : c.mentionCue !== null && (e.category === 'stigma' || e.category === 'antithetical')
            ? `mention ("${c.mentionCue}"): not counted`
            : c.attributionCue !== null && !compiled.attribution.count
            ? `reported speech ("${c.attributionCue}"): not counted`
            : `counted as ${e.category}${e.principle ? ` (${e.principle})` : ''}`;
    return {
      entry: e.id,
      category: e.category,
      principle: e.principle ?? null,
      text: text.slice(c.start, c.end),
      ...lines.at(c.start),
      kept: c.dropped === null,
      dropped: c.dropped,
      negationCue: c.dropped === null ? c.negationCue : null,
      outcome,
      start: c.start,
    } as ExplainedCandidate & { start: number };
  });
  if (opts.format === 'json') {
    io.stdout.write(`${JSON.stringify({ text, candidates: explained.map(({ start: _s, ...rest }: ExplainedCandidate & { start?: number }) => rest) }, null, 2)}\n`);
    return EXIT_OK;
  }
  const out: string[] = [];
  const tokens = [...text.matchAll(/[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu)];
  const width = Math.min(24, Math.max(4, ...tokens.map((t) => t[0].length)));
  const byStart = new Map<number, (ExplainedCandidate & { start: number })[]>();
  for (const c of explained as (ExplainedCandidate & { start: number })[]) byStart.set(c.start, [...(byStart.get(c.start) ?? []), c]);
  for (const t of tokens) {
    const here = byStart.get(t.index!) ?? [];
    if (!here.length) {
      out.push(`  ${t[0]}`);
      continue;
    }
    here.forEach((c, i) => {
      const label = i === 0 ? t[0].padEnd(width) : ' '.repeat(width);
      out.push(`${c.kept ? (c.negationCue ? '~' : '*') : '-'} ${label}  ${c.entry} on "${c.text}" (${c.line}:${c.column}): ${c.outcome}`);
    });
  }
  // Candidates that do not start at a word (patterns) are listed at the end.
  for (const c of explained as (ExplainedCandidate & { start: number })[]) {
    if (!tokens.some((t) => t.index === c.start)) out.push(`${c.kept ? '*' : '-'} ${c.text.padEnd(width)}  ${c.entry} (${c.line}:${c.column}): ${c.outcome}`);
  }
  const counted = explained.filter((c) => c.kept && !c.negationCue).length;
  const negated = explained.filter((c) => c.kept && c.negationCue).length;
  const dropped = explained.length - counted - negated;
  out.push('', `${explained.length} candidate${explained.length === 1 ? '' : 's'}: ${counted} counted, ${negated} negated, ${dropped} dropped by a rule (* counted, ~ negated, - dropped)`);
  io.stdout.write(`${terminalSafeText(out.join('\n'))}\n`);
  return EXIT_OK;
}

export function registerExplain(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('explain')
    .description("show how harmlex reads a text: each word's matches, and which negation cue or exception cancelled which hit")
    .argument('[text...]', 'the text (or pipe it to standard input)')
    .option('-l, --lexicon <file>', 'lexicon file (repeatable; default: the built-in one)', collect)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (words: string[], opts: ExplainOptions) => setExit(await runExplain(words, opts, io)));
}
