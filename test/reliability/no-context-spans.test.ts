/**
 * --no-context keeps document text out of every output, even where a match spans more than its
 * entry's words: a proximity rule (`near`) spans everything between its parts, and a lexicon
 * pattern may span any words. Found in review: a name planted between the parts reached the JSONL
 * `text`, the CSV `top_terms` and the report.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const LEXICON = `harmlex: 1
name: spans
version: 0.0.1
entries:
  - id: refused-care
    category: antithetical
    near:
      all: [[refused], [patient]]
      within: 8
  - id: pattern-label
    category: stigma
    patterns: ['known \\w+ user']
`;

describe('--no-context and matches that span other words', () => {
  const dir = tempDir('harmlex-spans-');
  writeFileSync(join(dir, 'lex.yaml'), LEXICON);
  writeFileSync(join(dir, 'note.txt'), 'The patient SECRETNAME BLUE told us she refused. A known SECRETDRUG user.\n');

  it.each(['jsonl', 'csv', 'table'])('keeps the words between the parts out of --format %s', async (format) => {
    const r = await runCli(['scan', 'note.txt', '-l', 'lex.yaml', '--no-context', '-f', format], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('SECRET');
  });

  it('still names what matched: the anchor with an ellipsis, or the entry of a pattern', async () => {
    const r = await runCli(['scan', 'note.txt', '-l', 'lex.yaml', '--no-context', '-f', 'jsonl'], { cwd: dir });
    const rec = JSON.parse(r.stdout) as { matches: { entry: string; text: string; start: number; end: number }[] };
    expect(rec.matches.map((m) => [m.entry, m.text])).toEqual([
      ['refused-care', '… refused'],
      ['pattern-label', '[pattern-label]'],
    ]);
    // The offsets still give the whole span, for a person who has the document.
    expect(rec.matches[0]!.end - rec.matches[0]!.start).toBeGreaterThan('refused'.length);
  });

  it('with context, the text is the whole span as before', async () => {
    const r = await runCli(['scan', 'note.txt', '-l', 'lex.yaml', '-f', 'jsonl'], { cwd: dir });
    const rec = JSON.parse(r.stdout) as { matches: { text: string }[] };
    expect(rec.matches[0]!.text).toBe('patient SECRETNAME BLUE told us she refused');
  });
});
