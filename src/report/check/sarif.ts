/**
 * `sarif`: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers). One rule per lexicon
 * entry that a result refers to (help text: suggestions, note, source; the whole lexicon would make a
 * one-finding report a megabyte), results with regions and a partial fingerprint of
 * the line content (the same one the baseline uses). Paths are relative to the repository root (git's top level, or `--root`), under %SRCROOT%. Findings
 * that did not count (a suppression comment, the configuration's allow-list, the baseline) follow as
 * results with a suppression.
 */
import { fingerprint } from '../../check/baseline.js';
import { suggestionText, type Finding, type RuleInfo } from '../../check/findings.js';
import type { Severity } from '../../types.js';
import type { CheckFormatter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A finding's path (relative to the working folder) as a URI relative to the repository root. */
function uri(file: string, rootPrefix = ''): string {
  const parts: string[] = rootPrefix && !rootPrefix.startsWith('..') ? rootPrefix.split('/') : [];
  for (const p of file.split('/')) {
    if (p === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.map(encodeURIComponent).join('/');
}

function rule(r: RuleInfo) {
  const kind = r.category === 'principle' ? `indicator of ${r.principle ?? 'a principle'}` : r.category === 'stigma' ? 'stigmatizing language' : r.category === 'antithetical' ? 'antithetical framing' : 'structural harm reduction';
  const terms = r.terms.slice(0, 8).map((t) => JSON.stringify(t)).join(', ') + (r.terms.length > 8 ? ', …' : '');
  const help = [r.suggest.length ? `Prefer: ${r.suggest.join('; ')}.` : '', r.note ?? '', r.source ? `Source: ${r.source}` : ''].filter(Boolean);
  const helpMd = [r.suggest.length ? `**Prefer:** ${r.suggest.join('; ')}` : '', r.note ?? '', r.source ? `*Source:* ${r.source}` : ''].filter(Boolean);
  const url = r.source && /https?:\/\/\S+/.exec(r.source)?.[0];
  return {
    id: r.id,
    name: r.id,
    shortDescription: { text: terms ? `${kind}: ${terms}` : kind },
    ...(r.note ? { fullDescription: { text: r.note } } : {}),
    ...(url ? { helpUri: url.replace(/[).,;]+$/, '') } : {}),
    help: { text: help.join('\n') || kind, markdown: helpMd.join('\n\n') || kind },
    defaultConfiguration: { level: r.category === 'stigma' || r.category === 'antithetical' ? LEVEL[r.severity] : 'note' },
    properties: { category: r.category, ...(r.principle ? { principle: r.principle } : {}), tags: ['harmlex', r.category], ...(r.source ? { source: r.source } : {}) },
  };
}

export const sarifFormatter: CheckFormatter = (r) => {
  const referred = new Set([...r.findings.map((f) => f.entry), ...(r.suppressed ?? []).map((x) => x.finding.entry)]);
  const rules = r.rules.filter((x) => referred.has(x.id));
  const ruleIndex = new Map(rules.map((x, i) => [x.id, i]));
  const result = (f: Finding) => {
    const s = suggestionText(f.suggest);
    const index = ruleIndex.get(f.entry);
    return {
      ruleId: f.entry,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[f.severity],
      message: { text: `${f.message}${s ? `; ${s}` : ''}.` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uri(f.file, r.rootPrefix), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn, snippet: { text: f.text } },
          },
        },
      ],
      partialFingerprints: { 'harmlexLine/v1': fingerprint(f) },
    };
  };
  // Findings that did not count are results with a suppression (code scanning shows them as dismissed).
  const results = [
    ...r.findings.map(result),
    ...(r.suppressed ?? []).map((x) => ({ ...result(x.finding), suppressions: [{ kind: x.kind, justification: x.justification }] })),
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: r.tool.name,
            version: r.tool.version,
            semanticVersion: r.tool.version,
            ...(r.tool.informationUri ? { informationUri: r.tool.informationUri } : {}),
            rules: rules.map(rule),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
