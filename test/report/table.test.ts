import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/analyze.js';
import { loadDefaultLexicon } from '../../src/lexicon/load.js';
import { tableFormatter } from '../../src/report/table.js';
import type { ReportContext } from '../../src/report/types.js';

const ctx = { color: false, noContext: false, metaKeys: [] } as unknown as ReportContext;

describe('table report', () => {
  it("shows a transcript's speakers (placement, or left out) and the speaker of each match", async () => {
    const { compiled } = await loadDefaultLexicon();
    const text = 'Interview 3\n[00:00:05] Interviewer: Some staff call patients addicts.\n[00:00:19] HCW: No. We meet people where they are.\n';
    const r = analyzeDocument({ id: 't.txt', text }, compiled, { speakers: { exclude: ['Interviewer'] } });
    const out = tableFormatter.record(r, ctx, 0);
    const lines = out.split('\n');
    expect(lines).toContain('  Interviewer  left out (1 turn, 5 words)');
    expect(lines.some((l) => /^ {2}HCW {2}relational {2}continuum \+1\.00 {2}\(1 turn, \d+ words\)$/.test(l))).toBe(true);
    expect(lines.find((l) => l.includes('meet-where-they-are'))).toMatch(/principle:individualism +\[HCW\] …?\[00:00:19\] HCW: No\. We meet/);
    expect(out).not.toMatch(/addict/);
  });

  it('has no speaker lines for a document without labels', async () => {
    const { compiled } = await loadDefaultLexicon();
    const r = analyzeDocument({ id: 'n.txt', text: 'We meet people where they are.' }, compiled);
    const out = tableFormatter.record(r, ctx, 0);
    expect(out).not.toMatch(/\[|left out|turn/);
  });
});
