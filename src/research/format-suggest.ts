/**
 * Formats of `harmlex lexicon suggest`: the candidates as a YAML lexicon that extends the base (one
 * entry per candidate, its z-score and counts in a comment), a ranked table, and JSON. Pure.
 */
import YAML from 'yaml';
import { round } from './stats.js';
import type { FoldReport } from './suggest-folds.js';
import type { SuggestedEntry } from './suggest-lexicon.js';
import { METHOD_CITATION } from './suggest-lexicon.js';
import type { CodeResult, Excluded } from './suggest.js';

export const SUGGEST_FORMATS = ['yaml', 'table', 'json'] as const;
export type SuggestFormat = (typeof SUGGEST_FORMATS)[number];

export interface SuggestReport {
  /** The coded file as named on the command line, and how many excerpts were mined. */
  coded: string;
  excerpts: number;
  /** Excerpts left out (the test split). */
  leftOut: number;
  /** What the candidates lexicon extends (`default`, or paths relative to the output file). */
  extends: string[];
  background: string | null;
  options: { maxN: number; minN: number; minDocs: number; top: number; minZ: number; priorStrength: number };
  codes: CodeResult[];
  entries: SuggestedEntry[];
  excluded: Excluded[];
  dropped: { code: string; term: string; reason: string }[];
  folds?: FoldReport;
}

const fmt = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? 'n/a' : x.toFixed(d));

function commentFor(s: SuggestedEntry): string {
  const c = s.candidate;
  const others = s.others.length
    ? `; also in ${s.others
        .slice(0, 6)
        .map((o) => `${o.id} (${o.codes.length ? o.codes.join(', ') : 'no code'})`)
        .join(', ')}${s.others.length > 6 ? `, and ${s.others.length - 6} more` : ''}`
    : '';
  return `# z = ${c.z.toFixed(2)}, log-odds ${c.delta.toFixed(2)}: in ${c.inCode.docs} of ${c.inCode.of} "${c.code}" excerpts (${c.inCode.count} times), in ${c.outside.docs} of ${c.outside.of} others (${c.outside.count} times)${others}`;
}

export function suggestYaml(r: SuggestReport): string {
  const lines = [
    `# Candidate entries mined by "harmlex lexicon suggest" from ${r.coded} (${r.excerpts} coded excerpts${r.leftOut ? `; ${r.leftOut} of the test split left out` : ''}).`,
    `# Method: word n-grams (${r.options.minN}-${r.options.maxN} words, stemmed) ranked per code by the ${METHOD_CITATION};`,
    `# prior: ${r.background ? `the coded excerpts and the ${r.background}` : 'the coded excerpts (no background corpus)'}; prior strength ${r.options.priorStrength}; at least ${r.options.minDocs} excerpts, z >= ${r.options.minZ}, top ${r.options.top} per code.`,
    '# Nothing here is merged automatically. Review every entry: keep the sound ones, delete the rest, and check',
    '# with "harmlex lexicon test" and "harmlex eval" on excerpts that were not used to mine them.',
  ];
  const head: Record<string, unknown> = {
    harmlex: 1,
    name: 'suggested',
    version: '0.1.0',
    description: `Candidates from ${r.coded}, for review`,
    extends: r.extends,
  };
  lines.push(YAML.stringify(head, { lineWidth: 0, flowCollectionPadding: false }).trimEnd());
  if (r.entries.length === 0) {
    lines.push('entries: []');
    return `${lines.join('\n')}\n`;
  }
  lines.push('entries:');
  for (const s of r.entries) {
    const { id, ...rest } = s.entry;
    const fields: Record<string, unknown> = {
      category: rest.category,
      ...(rest.principle ? { principle: rest.principle } : {}),
      group: rest.group,
      terms: rest.terms,
      stem: rest.stem,
      ...(rest.negation !== 'cancel' ? { negation: rest.negation } : {}),
      source: rest.source,
      note: rest.note,
      examples: { match: rest.examples.match, ...(rest.examples.no_match.length ? { no_match: rest.examples.no_match } : {}) },
    };
    lines.push(`  - id: ${id}`);
    lines.push(`    ${commentFor(s)}`);
    for (const l of YAML.stringify(fields, { lineWidth: 0 }).trimEnd().split('\n')) lines.push(`    ${l}`);
  }
  return `${lines.join('\n')}\n`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

function foldLines(f: FoldReport): string[] {
  const out = [
    '',
    `Held-out check: ${f.folds} folds (seed ${f.seed}${f.repeats > 1 ? `; repeated ${f.repeats} times with new folds, figures with candidates averaged` : ''}), candidates mined on ${f.folds - 1} folds, measured on the fold left out; ${f.excerpts} excerpts.`,
    `Difference: with candidates minus base lexicon alone; 95% interval from a paired bootstrap over excerpts (${f.bootstrap} resamples).`,
  ];
  const rows = [['measure', 'base', 'with candidates', 'difference', '95% CI']];
  const add = (name: string, b: number | null, w: number | null, d: FoldReport['difference']['accuracy']) =>
    rows.push([name, fmt(b), fmt(w), d.estimate === null ? 'n/a' : `${d.estimate >= 0 ? '+' : ''}${d.estimate.toFixed(3)}`, d.ci95 ? `[${d.ci95[0].toFixed(3)}, ${d.ci95[1].toFixed(3)}]` : 'n/a']);
  add('placement accuracy', f.base.accuracy, f.with_candidates.accuracy, f.difference.accuracy);
  add('placement kappa', f.base.kappa, f.with_candidates.kappa, f.difference.kappa);
  add('principle macro-F1', f.base.principle_macro_f1, f.with_candidates.principle_macro_f1, f.difference.principle_macro_f1);
  for (const p of Object.keys(f.difference.principles)) {
    add(`F1 ${p}`, f.base.principles[p]?.f1 ?? null, f.with_candidates.principles[p]?.f1 ?? null, f.difference.principles[p]!);
  }
  out.push(...table(rows));
  out.push(`Candidates per fold: ${f.per_fold.map((p) => p.candidates).join(', ')}.`);
  if (f.per_repeat) out.push(`Accuracy difference per repeat: ${f.per_repeat.map((r) => fmt(r.difference.accuracy)).join(', ')}.`);
  out.push(f.verdict);
  return out;
}

export function suggestTable(r: SuggestReport): string {
  const out = [`${r.entries.length} candidate${r.entries.length === 1 ? '' : 's'} from ${r.coded} (${r.excerpts} excerpts${r.leftOut ? `, ${r.leftOut} of the test split left out` : ''})`];
  if (r.entries.length) {
    const rows = [['code', 'z', 'term', 'in code', 'elsewhere', 'entry']];
    for (const s of r.entries) {
      const c = s.candidate;
      rows.push([c.code, c.z.toFixed(2), c.term, `${c.inCode.docs}/${c.inCode.of}`, `${c.outside.docs}/${c.outside.of}`, s.entry.id]);
    }
    out.push(...table(rows));
  }
  const without = r.codes.filter((c) => c.docs > 0 && !r.entries.some((e) => e.candidate.code === c.code)).map((c) => c.code);
  if (without.length) out.push(`No candidate for: ${without.join(', ')}.`);
  const skipped = r.codes.filter((c) => c.docs === 0).map((c) => c.code);
  if (skipped.length) out.push(`No excerpt has the code: ${skipped.join(', ')}.`);
  if (r.folds) out.push(...foldLines(r.folds));
  return `${out.join('\n')}\n`;
}

export function suggestJson(r: SuggestReport): string {
  const doc = {
    coded: r.coded,
    excerpts: r.excerpts,
    left_out_test_split: r.leftOut,
    method: METHOD_CITATION,
    background: r.background,
    options: { min_words: r.options.minN, max_words: r.options.maxN, min_docs: r.options.minDocs, top: r.options.top, min_z: r.options.minZ, prior_strength: r.options.priorStrength },
    codes: r.codes.map((c) => ({ code: c.code, excerpts: c.docs, others: c.rest })),
    candidates: r.entries.map((s) => ({
      entry: s.entry.id,
      code: s.candidate.code,
      term: s.candidate.term,
      ngram: s.candidate.gram,
      words: s.candidate.n,
      z: round(s.candidate.z, 4),
      log_odds: round(s.candidate.delta, 4),
      in_code: s.candidate.inCode,
      elsewhere: s.candidate.outside,
      also_in: s.others,
      examples: s.entry.examples,
    })),
    left_out: {
      base_lexicon: r.excluded.filter((e) => e.reason === 'base-lexicon').map((e) => ({ code: e.code, term: e.term, z: round(e.z, 4) })),
      dropped: r.dropped,
    },
    ...(r.folds ? { folds: r.folds } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function formatSuggest(r: SuggestReport, format: SuggestFormat): string {
  return format === 'yaml' ? suggestYaml(r) : format === 'json' ? suggestJson(r) : suggestTable(r);
}
