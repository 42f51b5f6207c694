/** `json`: one document with the findings, the summary and the tool; stable key order. */
import type { CheckFormatter } from './types.js';

export const jsonFormatter: CheckFormatter = (r) =>
  `${JSON.stringify(
    {
      tool: r.tool,
      summary: r.summary,
      findings: r.findings.map((f) => ({
        file: f.file,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        severity: f.severity,
        problem: f.problem,
        entry: f.entry,
        category: f.category,
        principle: f.principle,
        text: f.text,
        message: f.message,
        suggest: f.suggest,
      })),
    },
    null,
    2,
  )}\n`;
