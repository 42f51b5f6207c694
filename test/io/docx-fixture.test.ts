import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docxText } from '../../src/io/readers/docx.js';
import { listZip, readZipEntry } from '../../src/io/readers/zip.js';
import { INTERVIEW_PARAGRAPHS, makeDocx } from './docx-helper.js';

const FIXTURE = 'fixtures/inputs/interview.docx';

describe('fixtures/inputs/interview.docx', () => {
  it('is the document test/io/docx-helper.ts builds (UPDATE_FIXTURES=1 rewrites it)', () => {
    const built = makeDocx(INTERVIEW_PARAGRAPHS);
    if (process.env.UPDATE_FIXTURES === '1' || !existsSync(FIXTURE)) writeFileSync(FIXTURE, built);
    // Compared by content: deflate output may differ between zlib versions.
    const part = (b: Uint8Array) => Buffer.from(readZipEntry(b, listZip(b).find((e) => e.name === 'word/document.xml')!, 1e6)).toString('utf8');
    expect(part(readFileSync(FIXTURE))).toBe(part(built));
  });

  it('reads as one line per paragraph, without the deleted text', () => {
    const r = docxText(readFileSync(FIXTURE), 1e6);
    expect('text' in r && r.text.split('\n')).toEqual([
      'Interview 4, community health centre (invented example text)',
      'Interviewer: How do you talk about patients who use drugs?',
      'P4: I try to meet people where they are.\tI would never call anyone an addict.',
      'Interviewer: Has anyone been discharged for using?',
      'P4: No, we never terminate anyone for using.',
      '',
    ]);
  });
});
