/**
 * The human report: each document with its placement and the matched lines, the match highlighted
 * and the suggestion beside it. Colour through chalk when the context allows it.
 */
import type { ChalkInstance } from 'chalk';
import { chalk } from '../lazy.js';
import type { RecordResult } from '../analyze.js';
import type { Match, Placement } from '../types.js';
import type { Formatter, ReportContext, RunSummary } from './types.js';
import { terminalSafeDeep } from '../terminal-safe.js';

const CONTEXT_CHARS = 50;
const TABLE_CONTEXT = 30;

export const DISCLAIMER = 'A placement is a screening aid for people, not a verdict on a person.';

function painter(ctx: ReportContext): ChalkInstance {
  return new (chalk().Chalk)({ level: ctx.color ? 1 : 0 });
}

function placementColor(c: ChalkInstance, p: Placement): (s: string) => string {
  switch (p) {
    case 'relational':
      return c.green;
    case 'antithetical':
      return c.red;
    case 'mixed':
      return c.yellow;
    default:
      return c.gray;
  }
}

function matchLabel(m: Match): string {
  if (m.category === 'principle') return `principle:${m.principle}`;
  return m.category;
}

/** The match's context with the matched text highlighted (the first occurrence inside the snippet). */
function highlighted(c: ChalkInstance, m: Match): string {
  if (!m.context) return '';
  const needle = m.text.replace(/\s+/g, ' ');
  // The snippet starts at most CONTEXT_CHARS before the match: take the occurrence nearest that point.
  const expected = Math.min(m.start, CONTEXT_CHARS) + (m.context.startsWith('…') ? 1 : 0);
  let i = -1;
  for (let k = m.context.indexOf(needle); k !== -1; k = m.context.indexOf(needle, k + 1)) {
    if (i === -1 || Math.abs(k - expected) < Math.abs(i - expected)) i = k;
  }
  if (i === -1) return m.context;
  // A terminal line has room for about TABLE_CONTEXT characters on each side.
  const from = Math.max(0, i - TABLE_CONTEXT);
  const to = Math.min(m.context.length, i + needle.length + TABLE_CONTEXT);
  // Cut at spaces, not inside words.
  const leftText = from > 0 ? m.context.slice(from, i).replace(/^\S*\s+/, '') : m.context.slice(0, i);
  const rightText = to < m.context.length ? m.context.slice(i + needle.length, to).replace(/\s+\S*$/, '') : m.context.slice(i + needle.length);
  const left = (from > 0 ? '…' : '') + leftText;
  const right = rightText + (to < m.context.length ? '…' : '');
  const hit = m.category === 'principle' ? c.green.bold : m.category === 'structural' ? c.cyan.bold : c.red.bold;
  return left + hit(m.context.slice(i, i + needle.length)) + right;
}

function formatRecord(r: RecordResult, ctx: ReportContext): string {
  const c = painter(ctx);
  if (r.status === 'skipped') return `${c.bold(r.id)}  ${c.magenta('skipped')}: ${r.reason}\n\n`;
  const cont = r.continuum === null ? '—' : (r.continuum > 0 ? '+' : '') + r.continuum.toFixed(2);
  const principles = Object.entries(r.principles)
    .filter(([, n]) => n > 0)
    .map(([p, n]) => `${p} ${n}`)
    .join(', ');
  const lines = [
    `${c.bold(r.id)}  ${placementColor(c, r.placement)(r.placement)}  continuum ${cont}  ${r.words} words`,
    `  relational ${r.scores.relational}  antithetical ${r.scores.antithetical} (stigma ${r.scores.stigma})  structural ${r.scores.structural}${principles ? `  principles: ${principles}` : ''}`,
  ];
  // A transcript: each speaker's placement (or that their turns were left out).
  for (const sp of r.speakers ?? []) {
    const who = sp.speaker ?? '(no speaker: before the first label)';
    const turns = `${sp.turns} turn${sp.turns === 1 ? '' : 's'}, ${sp.words} words`;
    if ('excluded' in sp) lines.push(`  ${c.bold(who)}  ${c.dim(`left out (${turns})`)}`);
    else {
      const spCont = sp.continuum === null ? '—' : (sp.continuum > 0 ? '+' : '') + sp.continuum.toFixed(2);
      lines.push(`  ${c.bold(who)}  ${placementColor(c, sp.placement)(sp.placement)}  continuum ${spCont}  (${turns})`);
    }
  }
  for (const m of r.matches) {
    const where = c.dim(`${m.line}:${m.column}`.padEnd(8));
    const speaker = typeof m.speaker === 'string' ? `${c.bold(`[${m.speaker}]`)} ` : '';
    const label = matchLabel(m).padEnd(25);
    const negation = m.mention
      ? c.dim(` (a mention, after "${m.cue}": not counted)`)
      : m.attributed && !m.negated
        ? c.dim(` (reported speech, "${m.cue}"${m.counted ? '' : ': not counted'})`)
      : m.negated
        ? c.dim(` (negated by "${m.cue}"${m.counted ? '' : ', not counted'})`)
        : '';
    const suggestion = m.suggest.length && m.counted ? c.cyan(`  → ${m.suggest.join('; ')}`) : '';
    const what = ctx.noContext ? `"${m.text}"` : highlighted(c, m);
    lines.push(`  ${where}${label} ${speaker}${what}${negation}${suggestion}  ${c.dim(m.entry)}`);
  }
  return `${lines.join('\n')}\n\n`;
}

function formatEnd(s: RunSummary, ctx: ReportContext): string {
  const c = painter(ctx);
  const parts = (Object.entries(s.by_placement) as [Placement, number][]).map(([p, n]) => `${placementColor(c, p)(p)} ${n}`);
  const skipped = s.skipped ? `, ${c.magenta(`${s.skipped} skipped`)}` : '';
  return `${s.scored} document${s.scored === 1 ? '' : 's'} scored${skipped}: ${parts.join(', ')}\n${c.dim(DISCLAIMER)}\n`;
}

export const tableFormatter: Formatter = {
  name: 'table',
  machine: false,
  begin: () => '',
  // Every string of the record escaped first: ids, paths, metadata and text never reach the terminal raw.
  record: (r, ctx) => formatRecord(terminalSafeDeep(r), ctx),
  end: formatEnd,
};
