import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/analyze.js';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
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

describe('table report fits the terminal (issue 17)', () => {
  const NOTE = 'Offered naloxone and fentanyl test strips at discharge today. Patient claims pain 10/10 and is a known addict who is drug seeking and noncompliant with every plan we have tried so far this year.\n';

  it.each([60, 80, 100, 160])('at %i columns no match line is wider; snippets are shortened at spaces, never mid-word', async (width) => {
    const { compiled } = await loadDefaultLexicon();
    const r = analyzeDocument({ id: 'n.txt', text: NOTE }, compiled);
    const out = tableFormatter.record(r, { ...ctx, width }, 0);
    const matchLines = out.split('\n').filter((l) => /^ {2}\d+:\d+/.test(l));
    expect(matchLines.length).toBeGreaterThan(3);
    for (const l of matchLines) {
      expect(l.length, l).toBeLessThan(width);
      // Each snippet piece is whole words of the note: no word cut in two.
      const snippet = /…([^…]*)…/.exec(l)?.[1];
      if (snippet) for (const w of snippet.trim().split(/\s+/)) expect(NOTE, `${w} in ${l}`).toMatch(new RegExp(`(^|\\s)${w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(\\s|$)`));
    }
  });

  it('without a width (a file, a pipe) the lines are as before', async () => {
    const { compiled } = await loadDefaultLexicon();
    const r = analyzeDocument({ id: 'n.txt', text: NOTE }, compiled);
    expect(tableFormatter.record(r, ctx, 0).split('\n').some((l) => l.length > 160)).toBe(true);
  });
});
