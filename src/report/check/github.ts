/**
 * `github`: GitHub Actions workflow commands, one annotation per finding:
 * `::warning file=F,line=L,col=C,endLine=..,endColumn=..,title=harmlex entry::message`.
 * Data and property values are escaped as the runner expects (%, CR, LF; and `:` `,` in properties).
 */
import { suggestionText } from '../../check/findings.js';
import type { CheckFormatter } from './types.js';

export const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const githubFormatter: CheckFormatter = (r) =>
  r.findings
    .map((f) => {
      const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const props = [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeProperty(`harmlex ${f.entry}`)}`];
      const s = suggestionText(f.suggest);
      return `::${level} ${props.join(',')}::${escapeData(`${f.message}${s ? `; ${s}` : ''}`)}\n`;
    })
    .join('');
