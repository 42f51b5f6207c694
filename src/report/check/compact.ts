/** `compact`: one line per finding, `file:line:col: severity: message [entry]`, for editors and grep. */
import { suggestionText } from '../../check/findings.js';
import type { CheckFormatter } from './types.js';
import { terminalSafeDeep } from '../../terminal-safe.js';

export const compactFormatter: CheckFormatter = (r) =>
  terminalSafeDeep(r.findings)
    .map((f) => {
      const s = suggestionText(f.suggest);
      return `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message}${s ? `; ${s}` : ''} [${f.entry}]\n`;
    })
    .join('');
