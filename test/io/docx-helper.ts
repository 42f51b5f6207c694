/**
 * Builds .docx files for tests: the project's zip writer (src/io/zip.ts; the .docx reader has its
 * own zip reading, src/io/readers/zip.ts) with fixed timestamps, and the three parts Word needs.
 */
import { buildZip } from '../../src/io/zip.js';

/** A zip with fixed timestamps (reproducible bytes); entries deflated where it helps, or all stored. */
export function makeZip(entries: { name: string; data: string | Uint8Array }[], deflate = true): Buffer {
  const data = entries.map((e) => ({ name: e.name, data: typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data }));
  return buildZip(data, new Date(Date.UTC(1980, 0, 1)), { store: !deflate });
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A paragraph of plain text (a tab becomes <w:tab/>). */
export function para(text: string): string {
  const runs = text.split('\t').map((t) => `<w:t xml:space="preserve">${escapeXml(t)}</w:t>`);
  return `<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>${runs.join('<w:tab/>')}</w:r></w:p>`;
}

/** A .docx whose body is the given paragraphs (XML, see `para`). */
export function makeDocx(paragraphs: string[], deflate = true): Buffer {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const doc = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}"><w:body>${paragraphs.join('')}<w:sectPr/></w:body></w:document>`;
  return makeZip(
    [
      {
        name: '[Content_Types].xml',
        data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      },
      {
        name: '_rels/.rels',
        data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      },
      { name: 'word/document.xml', data: doc },
    ],
    deflate,
  );
}

/** The shipped fixture fixtures/inputs/interview.docx (test/io/docx.test.ts keeps it up to date). */
export const INTERVIEW_PARAGRAPHS = [
  para('Interview 4, community health centre (invented example text)'),
  para('Interviewer: How do you talk about patients who use drugs?'),
  para('P4: I try to meet people where they are.\tI would never call anyone an addict.'),
  '<w:p><w:r><w:t>Interviewer: Has anyone been discharged for using?</w:t></w:r></w:p>',
  '<w:p><w:r><w:t xml:space="preserve">P4: </w:t></w:r><w:del><w:r><w:delText>Yes, they are junkies.</w:delText></w:r></w:del><w:r><w:t>No, we never terminate anyone for using.</w:t></w:r></w:p>',
];
