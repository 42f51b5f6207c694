/**
 * Formatters for `harmlex eval`: table (terminal), markdown (a report, and docs/validity.md's
 * sections), json. Pure.
 */
import { PRINCIPLES } from '../types.js';
import { MISS_STAGES, type CodeMetrics, type Disagreement, type EvalReport } from './evaluate.js';

export const EVAL_FORMATS = ['table', 'json', 'markdown'] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];

export interface EvalOutput {
  /** The coded file(s), the lexicon(s) and the split the figures are for. */
  coded: string[];
  lexicon: string;
  split: string;
  report: EvalReport;
  method: string;
}

export const EVAL_METHOD =
  "Placement accuracy with a Wilson 95% interval; Cohen's kappa with the large-sample standard error of Fleiss, Cohen & Everitt (1969) and a 95% Wald interval; per-code precision, recall and F1 of harmlex against the coders, over excerpts (recall with a Wilson 95% interval); macro-F1 = mean of the principles' defined F1. Category antithetical is the framework's antithetical code, which includes stigmatizing language: harmlex has it with a counted antithetical or stigma match. A coded stigma term is found when a counted stigma match overlaps it; a trap is flagged when a counted stigma or antithetical match overlaps it. A placement is a screening aid for people, not a verdict on a person.";

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
const ci = (c: [number, number] | null | undefined, f: (x: number) => string = (x) => x.toFixed(3)) => (c ? ` [${f(c[0])}, ${f(c[1])}]` : '');

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function mdTable(rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const [head, ...body] = rows;
  return [`| ${head!.map(esc).join(' | ')} |`, `|${head!.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...body.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

function codeRows(codes: Record<string, CodeMetrics>, names: readonly string[]): string[][] {
  return [['code', 'support', 'TP', 'FP', 'FN', 'precision', 'recall [95% CI]', 'F1'], ...names.map((n) => {
    const m = codes[n]!;
    return [n, `${m.support}/${m.n}`, String(m.tp), String(m.fp), String(m.fn), f3(m.precision), `${f3(m.recall)}${ci(m.recall_ci95)}`, f3(m.f1)];
  })];
}

/** The headline figures as lines (shared by the table and markdown formats). */
export function headline(r: EvalReport): string[] {
  const p = r.placement;
  return [
    `placement accuracy ${pct(p.accuracy)}${ci(p.accuracy_ci95, (x) => `${(100 * x).toFixed(1)}%`)} (${p.correct} of ${p.n})`,
    `Cohen's kappa ${p.kappa === null ? `undefined${p.kappa_note ? ` (${p.kappa_note})` : ''}` : `${f3(p.kappa)}${ci(p.kappa_ci95)}`}`,
    `principle macro-F1 ${f3(r.principle_macro_f1)}`,
    `stigma-term recall ${r.stigma_terms.recall === null ? '– (no coded terms)' : `${f3(r.stigma_terms.recall)}${ci(r.stigma_terms.recall_ci95)} (${r.stigma_terms.found} of ${r.stigma_terms.coded})`}`,
    `traps flagged ${r.traps.flagged} of ${r.traps.coded}`,
  ];
}

function confusionRows(r: EvalReport): string[][] {
  const m = r.placement.confusion;
  return [['coded \\ harmlex', ...m.labels], ...m.labels.map((l, i) => [l, ...m.matrix[i]!.map(String)])];
}

function placementRows(r: EvalReport): string[][] {
  return [['placement', 'support', 'precision', 'recall', 'F1'], ...Object.entries(r.placement.per_placement).map(([k, v]) => [k, String(v.support), f3(v.precision), f3(v.recall), f3(v.f1)])];
}

/** Missed codes by how far harmlex got: one row per code (principles, categories, placement sides), one column per stage. */
function stageRows(r: EvalReport): string[][] | null {
  const order = [...PRINCIPLES, 'stigma', 'antithetical', 'structural', 'placement: relational', 'placement: antithetical'];
  const codes = Object.keys(r.miss_stages).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (!codes.length) return null;
  const stages = MISS_STAGES.filter((s) => codes.some((c) => r.miss_stages[c]![s]));
  return [['missed code', ...stages, 'total'], ...codes.map((c) => {
    const row = r.miss_stages[c]!;
    return [c, ...stages.map((s) => String(row[s] ?? 0)), String(Object.values(row).reduce((a, b) => a + (b ?? 0), 0))];
  })];
}

const STAGES_NOTE =
  'How far harmlex got on each code the coders gave and harmlex missed: no-candidate (the words are not in the lexicon), proximity-incomplete (a proximity rule\'s anchor without its other parts), context-rule (found, dropped by exceptions, requires or unless), negated, mention, attributed (found, not counted), below-threshold (counted, under the placement threshold).';

function evidenceLine(d: Disagreement): string {
  if (!d.evidence.length) return 'no matches';
  return d.evidence
    .map((e) => `${e.text ? `"${e.text}" ` : ''}${e.entry} (${e.principle ?? e.category}${e.counted ? '' : e.attributed ? ', attributed, not counted' : e.mention ? ', mention, not counted' : e.negated ? ', negated, not counted' : ', not counted'})`)
    .join('; ');
}

function codesLine(c: Disagreement['coded'] | Disagreement['predicted']): string {
  const parts = [...c.principles, ...c.categories];
  return `${c.placement ?? '(no placement)'}${parts.length ? ` [${parts.join(', ')}]` : ''}`;
}

function missLines(d: Disagreement): string[] {
  return [
    `${d.id}: differs in ${d.differs.join(', ')}`,
    ...(d.text ? [`  text:     ${d.text.replace(/\s+/g, ' ').trim()}`] : []),
    `  coded:    ${codesLine(d.coded)}`,
    `  harmlex:  ${codesLine(d.predicted)}`,
    ...(d.missed_terms.length ? [`  missed stigma terms: ${d.missed_terms.join(', ')}`] : []),
    ...(d.flagged_traps.length ? [`  traps flagged: ${d.flagged_traps.join(', ')}`] : []),
    ...(d.missed_stages.length ? [`  missed:   ${d.missed_stages.map((m) => `${m.code} (${m.stage})`).join(', ')}`] : []),
    `  evidence: ${evidenceLine(d)}`,
  ];
}

function tableFormat(o: EvalOutput, misses: boolean): string {
  const r = o.report;
  const out: string[] = [`harmlex eval: ${r.excerpts} excerpt${r.excerpts === 1 ? '' : 's'} of ${o.coded.join(', ')} (split: ${o.split}; lexicon: ${o.lexicon})`, ...headline(r).map((l) => `  ${l}`), ''];
  out.push('Placement: confusion matrix (rows: coded, columns: harmlex)', pad(confusionRows(r)).replace(/^/gm, '  '), '', pad(placementRows(r)).replace(/^/gm, '  '), '');
  out.push('Principles', pad(codeRows(r.principles, PRINCIPLES)).replace(/^/gm, '  '), '');
  out.push('Categories', pad(codeRows(r.categories, Object.keys(r.categories))).replace(/^/gm, '  '), '');
  const stages = stageRows(r);
  if (stages) out.push('Missed codes: how far harmlex got', pad(stages).replace(/^/gm, '  '), '');
  if (r.stigma_terms.missed.length) out.push(`Stigma terms missed: ${r.stigma_terms.missed.map((t) => `${t.id} "${t.term}"`).join(', ')}`);
  if (r.traps.list.length) out.push(`Traps flagged: ${r.traps.list.map((t) => `${t.id} "${t.term}" (${t.entries.join(', ')})`).join(', ')}`);
  for (const t of [...r.stigma_terms.not_in_text, ...r.traps.not_in_text]) out.push(`Coding problem: ${t.id}: "${t.term}" does not occur in its text; left out`);
  out.push(`Disagreements: ${r.disagreements.length} of ${r.excerpts} excerpts${misses ? '' : ' (--misses lists them with their evidence)'}`);
  if (misses) for (const d of r.disagreements) out.push('', ...missLines(d));
  out.push('', o.method);
  return `${out.join('\n')}\n`;
}

/** A markdown report; `heading` is the level of its top heading (docs/validity.md nests it). */
export function markdownReport(o: EvalOutput, options: { misses?: boolean; heading?: number; title?: string; details?: boolean } = {}): string {
  const r = o.report;
  const h = '#'.repeat(options.heading ?? 1);
  const out: string[] = [`${h} ${options.title ?? 'harmlex eval'}`, '', `${r.excerpts} excerpts of ${o.coded.map((c) => `\`${c}\``).join(', ')}; split: ${o.split}; lexicon: ${o.lexicon}.`, '', ...headline(r).map((l) => `- ${l}`), `- disagreements: ${r.disagreements.length} of ${r.excerpts} excerpts`, ''];
  out.push(`${h}# Placement`, '', 'Rows: the coders\' placement; columns: harmlex\'s.', '', mdTable(confusionRows(r)), '', mdTable(placementRows(r)), '');
  out.push(`${h}# Principles`, '', mdTable(codeRows(r.principles, PRINCIPLES)), '', `Macro-F1: ${f3(r.principle_macro_f1)}.`, '');
  out.push(`${h}# Categories`, '', mdTable(codeRows(r.categories, Object.keys(r.categories))), '');
  if (r.worst_confusions.length) out.push(`${h}# Worst confusions`, '', mdTable([['coded', 'harmlex', 'excerpts'], ...r.worst_confusions.map((w) => [w.coded, w.predicted, String(w.count)])]), '');
  const stages = stageRows(r);
  if (stages) out.push(`${h}# Missed codes: how far harmlex got`, '', STAGES_NOTE, '', mdTable(stages), '');
  // `details: false` (a held-out split): counts only, no excerpt ids or wording.
  if (options.details !== false && (r.stigma_terms.missed.length || r.traps.list.length)) {
    out.push(`${h}# Stigma terms missed and traps flagged`, '');
    for (const t of r.stigma_terms.missed) out.push(`- missed: ${t.id} "${t.term}"`);
    for (const t of r.traps.list) out.push(`- trap flagged: ${t.id} "${t.term}" (${t.entries.join(', ')})`);
    out.push('');
  }
  if (options.misses) {
    out.push(`${h}# Disagreements`, '');
    for (const d of r.disagreements) out.push('```text', ...missLines(d), '```', '');
  }
  return `${out.join('\n')}\n`;
}

export function formatEval(o: EvalOutput, format: EvalFormat, options: { misses?: boolean } = {}): string {
  if (format === 'json') {
    const { disagreements, ...rest } = o.report;
    const report = { ...rest, disagreement_count: disagreements.length, ...(options.misses ? { disagreements } : {}) };
    return `${JSON.stringify({ coded: o.coded, lexicon: o.lexicon, split: o.split, ...report, method: o.method }, null, 2)}\n`;
  }
  if (format === 'markdown') return markdownReport(o, { misses: options.misses });
  return tableFormat(o, options.misses ?? false);
}
