/**
 * The human report: each document with its placement and the matched lines, the match highlighted
 * and the suggestion beside it. Colour through chalk when the context allows it.
 */
import type { ChalkInstance } from 'chalk';
import { chalk } from '../lazy.js';
import type { RecordResult, ResultMatch } from '../analyze.js';
import type { Match, Placement } from '../types.js';
import type { Formatter, ReportContext, RunSummary } from './types.js';
import { terminalSafeDeep } from '../terminal-safe.js';

const CONTEXT_CHARS = 50;
const TABLE_CONTEXT = 30;
/** Context kept on each side of a match before the suggestion is shortened to fit the terminal. */
const MIN_SIDE = 12;

/** `s` in at most `n` characters, cut at a space with an ellipsis ('' when not even a word fits). */
function shorten(s: string, n: number): string {
  if (s.length <= n) return s;
  const cut = s.slice(0, Math.max(0, n - 1)).replace(/\s+\S*$/, '');
  return cut.trim() && cut.length > 4 ? `${cut}…` : '';
}

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

/**
 * The match's context with the matched text highlighted (the first occurrence inside the snippet),
 * with up to `side` characters of context on each side, cut at spaces.
 */
function highlighted(c: ChalkInstance, m: Match, side = TABLE_CONTEXT): string {
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
  const from = Math.max(0, i - side);
  const to = Math.min(m.context.length, i + needle.length + side);
  // Cut at spaces, not inside words.
  // (With no room at all, not even a cut word.)
  const leftText = from > 0 ? (side === 0 ? '' : m.context.slice(from, i).replace(/^\S*(\s+|$)/, '')) : m.context.slice(0, i);
  const rightText = to < m.context.length ? (side === 0 ? '' : m.context.slice(i + needle.length, to).replace(/(^|\s+)\S*$/, '')) : m.context.slice(i + needle.length);
  const left = (from > 0 ? '…' : '') + leftText;
  const right = rightText + (to < m.context.length ? '…' : '');
  const hit = m.category === 'principle' ? c.green.bold : m.category === 'structural' ? c.cyan.bold : c.red.bold;
  return left + hit(m.context.slice(i, i + needle.length)) + right;
}

/** Why a match does not count, or counts as reported speech: long, or short for a narrow terminal. */
function negationNote(m: Match, short: boolean): string {
  if (short) return m.mention || !m.counted ? ' (not counted)' : m.negated ? ' (negated)' : m.attributed ? ' (reported)' : '';
  return m.mention
    ? ` (a mention, after "${m.cue}": not counted)`
    : m.attributed && !m.negated
      ? ` (reported speech, "${m.cue}"${m.counted ? '' : ': not counted'})`
      : m.negated
        ? ` (negated by "${m.cue}"${m.counted ? '' : ', not counted'})`
        : '';
}

/**
 * One match: where, what, the snippet, why it does (not) count, the suggestion, the entry. On a
 * terminal of `ctx.width` columns the line fits without wrapping: the snippet gives up its context
 * first, then the suggestion its tail, then the entry id, the label's padding and the long notes.
 */
function matchLine(c: ChalkInstance, m: ResultMatch, ctx: ReportContext): string {
  const where = `${m.line}:${m.column}`.padEnd(8);
  const speaker = typeof m.speaker === 'string' ? `[${m.speaker}] ` : '';
  let label = matchLabel(m).padEnd(25);
  let negation = negationNote(m, false);
  let suggest = m.suggest.length && m.counted ? `  → ${m.suggest.join('; ')}` : '';
  let entry = `  ${m.entry}`;
  let side = TABLE_CONTEXT;
  const needle = ctx.noContext ? m.text.length + 2 : m.text.replace(/\s+/g, ' ').length + 2; // quotes or ellipses
  const width = ctx.width;
  if (width !== undefined) {
    const fixed = () => 2 + where.length + label.length + 1 + speaker.length + negation.length + entry.length + needle;
    // What can go, in order, while the line is too long even with no context and no suggestion.
    const cuts = [() => (entry = ''), () => (label = `${matchLabel(m)} `), () => (negation = negationNote(m, true))];
    for (const cut of cuts) if (fixed() > width - 1) cut();
    let room = width - 1 - fixed();
    if (room - suggest.length < 2 * MIN_SIDE) suggest = shorten(suggest, Math.max(0, room - 2 * MIN_SIDE));
    room -= suggest.length;
    side = Math.max(0, Math.min(TABLE_CONTEXT, Math.floor(room / 2)));
  }
  const what = ctx.noContext ? `"${m.text}"` : highlighted(c, m, side);
  return `  ${c.dim(where)}${label} ${speaker ? `${c.bold(speaker.trimEnd())} ` : ''}${what}${negation ? c.dim(negation) : ''}${suggest ? c.cyan(suggest) : ''}${entry ? `  ${c.dim(entry.trimStart())}` : ''}`;
}

function formatRecord(r: RecordResult, ctx: ReportContext): string {
  const c = painter(ctx);
  if (r.status === 'skipped') return `${c.bold(r.id)}  ${c.magenta('skipped')}: ${r.reason}\n\n`;
  const cont = r.continuum === null ? '—' : (r.continuum > 0 ? '+' : '') + r.continuum.toFixed(2);
  const principles = Object.entries(r.principles)
    .filter(([, n]) => n > 0)
    .map(([p, n]) => `${p} ${n}`)
    .join(', ');
  const scores = `  relational ${r.scores.relational}  antithetical ${r.scores.antithetical} (stigma ${r.scores.stigma})  structural ${r.scores.structural}`;
  const lines = [`${c.bold(r.id)}  ${placementColor(c, r.placement)(r.placement)}  continuum ${cont}  ${r.words} words`];
  // On a narrow terminal the principles take a line of their own rather than wrap.
  if (principles && ctx.width !== undefined && scores.length + 14 + principles.length > ctx.width - 1) lines.push(scores, `  principles: ${principles}`);
  else lines.push(`${scores}${principles ? `  principles: ${principles}` : ''}`);
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
  for (const m of r.matches) lines.push(matchLine(c, m, ctx));
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
