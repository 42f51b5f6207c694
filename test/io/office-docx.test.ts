/**
 * .docx files written by pandoc and by LibreOffice (fixtures/inputs/office/make.sh made them), not by
 * harmlex's own zip writer: the zip and docx readers must read what real word processors write.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docxText } from '../../src/io/readers/docx.js';
import { runCli } from '../helpers.js';

const DIR = 'fixtures/inputs/office';
const paragraphs = readFileSync(`${DIR}/interview.txt`, 'utf8').split('\n').filter((l) => l.trim() !== '');

describe.each(['pandoc', 'libreoffice'])('a .docx written by %s', (writer) => {
  const file = `${DIR}/interview-${writer}.docx`;

  it('reads as the paragraphs of the text it was made from, in order', () => {
    const r = docxText(readFileSync(file), 1e6);
    expect('text' in r).toBe(true);
    const lines = 'text' in r ? r.text.split('\n').filter((l) => l.trim() !== '') : [];
    expect(lines).toEqual(paragraphs);
  });

  it('scans as a transcript with its speakers', async () => {
    const r = await runCli(['scan', file, '--format', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    const rec = JSON.parse(r.stdout) as { status: string; matches: { text: string; speaker?: string }[] };
    expect(rec.status).toBe('ok');
    expect(rec.matches.find((m) => m.text === 'meet people where they are')?.speaker).toBe('P7');
  });
});
