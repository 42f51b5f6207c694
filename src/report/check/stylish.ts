/** `stylish`: for people. Findings grouped by file; `line:col severity message entry`, the suggestion below. */
import { Chalk } from 'chalk';
import { suggestionText } from '../../check/findings.js';
import type { CheckFormatter } from './types.js';
import { terminalSafeDeep } from '../../terminal-safe.js';

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export const stylishFormatter: CheckFormatter = (report) => {
  // Every string of the findings escaped first: file names and messages never reach the terminal raw.
  const r = { ...report, findings: terminalSafeDeep(report.findings) };
  const c = new Chalk({ level: r.color ? 1 : 0 });
  const out: string[] = [];
  let file: string | undefined;
  const width = Math.max(0, ...r.findings.map((f) => `${f.line}:${f.column}`.length));
  for (const f of r.findings) {
    if (f.file !== file) {
      if (file !== undefined) out.push('');
      file = f.file;
      out.push(c.underline(f.file));
    }
    const sev = f.severity === 'error' ? c.red('error  ') : f.severity === 'warning' ? c.yellow('warning') : c.blue('info   ');
    out.push(`  ${c.dim(`${f.line}:${f.column}`.padEnd(width))}  ${sev}  ${f.message}  ${c.dim(f.entry)}`);
    const s = suggestionText(f.suggest);
    if (s) out.push(`  ${' '.repeat(width)}  ${c.green(`→ ${s}`)}`);
  }
  const s = r.summary;
  const problems = s.errors + s.warnings + s.infos;
  const extra = [s.suppressed ? `${s.suppressed} suppressed` : '', s.allowed ? `${s.allowed} allowed` : '', s.baselined ? `${s.baselined} in the baseline` : ''].filter(Boolean);
  if (out.length) out.push('');
  const head = problems
    ? c.bold(`${problems === s.infos ? 'ℹ' : '✖'} ${plural(problems, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${s.infos ? `, ${s.infos} info` : ''})`)
    : c.green(`✔ no problems`);
  out.push(`${head} in ${plural(s.files, 'file')}${extra.length ? `; ${extra.join(', ')}` : ''}`);
  return `${out.join('\n')}\n`;
};
