import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/analyze.js';
import { crc32, buildZip } from '../../src/io/zip.js';
import { buildCodebookXml, buildProject, codePointMapper, guidFor } from '../../src/research/refi.js';
import type { ResultMatch } from '../../src/research/types.js';
import { compileYaml, lexiconYaml, tempDir } from '../helpers.js';
import { tool } from '../tools.js';

const XSD = join(__dirname, '../fixtures/refi-qda/Project-mrt2019.xsd');
const CODEBOOK_XSD = join(__dirname, '../fixtures/refi-qda/Codebook.xsd');
const xmllint = tool('xmllint', 'libxml2-utils');
const hasXmllint = xmllint.present;

function validate(xml: string, xsd: string): { ok: boolean; out: string } {
  const d = tempDir();
  const f = join(d, 'doc.xml');
  writeFileSync(f, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', xsd, f], { encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stderr };
}

/** Entries of a zip, read with the central directory (enough for the zips buildZip writes). */
function unzip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const lNameLen = buf.readUInt16LE(local + 26);
    const data = buf.subarray(local + 30 + lNameLen, local + 30 + lNameLen + size);
    const body = method === 8 ? inflateRawSync(data) : Buffer.from(data);
    expect(crc32(body)).toBe(crc);
    out.set(name, body);
    p += 46 + nameLen;
  }
  return out;
}

const LEX = compileYaml(
  lexiconYaml(`  - id: addict
    category: stigma
    terms: [addict]
    suggest: [person who uses drugs]
    source: test
  - id: dignity
    category: principle
    principle: humanism
    terms: [dignity]
`),
);

describe('offsets: UTF-16 code units -> Unicode code points', () => {
  it('counts a surrogate pair as one character, CRLF as two', () => {
    const text = 'a😀b\r\nc';
    const cp = codePointMapper(text);
    expect([cp(0), cp(1), cp(3), cp(4), cp(5), cp(6), cp(7)]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(text).length).toBe(cp(text.length));
  });

  it('selections point at the matched characters after emoji, accents and CRLF', () => {
    const text = 'Café 😀😀 team.\r\nShe is an addict.\r\nWe treat people with dignity — “😀 addict”.\r\n';
    const doc = analyzeDocument({ id: 'n.txt', text }, LEX);
    expect(doc.matches.map((m) => m.entry)).toEqual(['addict', 'dignity', 'addict']);
    const p = buildProject([{ id: 'n.txt', text, matches: doc.matches as unknown as ResultMatch[], placement: doc.placement, continuum: doc.continuum }], { name: 't', origin: 'harmlex test', created: '2024-01-01T00:00:00Z' });
    expect(p.selections).toBe(3);
    const points = Array.from(text);
    const sels = [...p.qde.matchAll(/name="([^"]*)" startPosition="(\d+)" endPosition="(\d+)"/g)];
    expect(sels).toHaveLength(3);
    for (const [, name, s, e] of sels) expect(points.slice(Number(s), Number(e)).join('')).toBe(name);
    // The UTF-16 offset of the last "addict" is 3 units past its code point offset (three emoji before it).
    const last = doc.matches[2]!;
    expect(Number(sels[2]![2])).toBe(last.start - 3);
    expect(p.files[0]!.text).toBe(text); // stored as read: CRLF kept
  });
});

describe('project.qde and the codebook validate against the published REFI-QDA schemas', () => {
  const text = 'She is an addict & <not> "quoted".\nWe treat people with dignity.\n';
  const doc = analyzeDocument({ id: 'dir/A&B.txt', text, meta: { site: 'AL', 'role "x"': 'nurse' } }, LEX);
  const p = buildProject([{ id: 'dir/A&B.txt', text, meta: doc.meta, matches: doc.matches as unknown as ResultMatch[], placement: doc.placement, continuum: doc.continuum }], {
    name: 'study <1>',
    origin: 'harmlex test',
    created: '2024-01-01T00:00:00Z',
    entries: LEX.lexicon.entries,
  });

  it('has one code per category and per principle, and each match coded', () => {
    expect(p.qde).toContain('name="Stigmatizing language"');
    expect(p.qde).toContain('name="Accountability without termination"');
    expect(p.qde).toContain(`<CodeRef targetGUID="${guidFor('category:stigma')}"/>`);
    expect(p.qde).toContain(`<CodeRef targetGUID="${guidFor('principle:humanism')}"/>`);
    expect(p.qde).toContain('plainTextPath="internal://');
    expect(p.qde).toContain('<TextValue>AL</TextValue>');
  });

  it.skipIf(!hasXmllint)(`project.qde is valid (xmllint --schema Project-mrt2019.xsd)${xmllint.skipNote}`, () => {
    const r = validate(p.qde, XSD);
    expect(r.out).toContain('validates');
    expect(r.ok).toBe(true);
  });

  it.skipIf(!hasXmllint)(`the .qdc codebook is valid (Codebook.xsd)${xmllint.skipNote}`, () => {
    const r = validate(buildCodebookXml({ origin: 'harmlex test', entries: LEX.lexicon.entries }), CODEBOOK_XSD);
    expect(r.out).toContain('validates');
    expect(r.ok).toBe(true);
  });

  it.skipIf(!hasXmllint)(`a broken project is refused by the schema (the check can fail)${xmllint.skipNote}`, () => {
    const r = validate(p.qde.replace(/startPosition="\d+"/, 'startPosition="x"'), XSD);
    expect(r.ok).toBe(false);
  });
});

describe('zip writer', () => {
  it('writes entries that read back byte for byte (deflated and stored)', () => {
    const big = Buffer.from('addict '.repeat(500));
    const tiny = Buffer.from('é');
    const z = buildZip([{ name: 'project.qde', data: big }, { name: 'sources/ü.txt', data: tiny }], new Date('2024-05-01T12:00:00Z'));
    const m = unzip(z);
    expect(m.get('project.qde')!.equals(big)).toBe(true);
    expect(m.get('sources/ü.txt')!.equals(tiny)).toBe(true);
    expect(z.length).toBeLessThan(big.length);
  });

  it.skipIf(spawnSync('python3', ['--version']).status !== 0)('is a zip that Python reads', () => {
    const d = tempDir();
    mkdirSync(join(d, 'x'));
    const f = join(d, 'x', 'p.qdpx');
    writeFileSync(f, buildZip([{ name: 'project.qde', data: Buffer.from('<x/>') }]));
    const names = execFileSync('python3', ['-c', 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.namelist())', f], { encoding: 'utf8' });
    expect(names).toContain('project.qde');
  });
});
