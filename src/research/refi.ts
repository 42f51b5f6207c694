/**
 * REFI-QDA (QDA-XML 1.0, www.qdasoftware.org) export: a codebook (one code per category and per
 * principle) and a project whose text sources carry every counted match as a coded
 * PlainTextSelection. Pure: returns XML strings and the source texts; the CLI zips them (.qdpx).
 *
 * Offsets: REFI-QDA counts characters as Unicode code points from the start of the plain text
 * (0-based, end exclusive); harmlex's `start`/`end` are UTF-16 code units. They differ after any
 * character outside the Basic Multilingual Plane (emoji, some CJK), so they are converted here. The
 * source text is stored exactly as harmlex read it (UTF-8, a BOM dropped, line endings kept: a CRLF
 * is two characters in both counts), so offsets point at the same characters in any importer that
 * reads the file as stored.
 */
import { createHash } from 'node:crypto';
import { PRINCIPLES, type Category, type LexiconEntry, type Principle } from '../types.js';
import type { ResultMatch } from './types.js';

export interface QdaSource {
  id: string;
  text: string;
  meta?: Record<string, string>;
  placement?: string;
  continuum?: number | null;
  matches: ResultMatch[];
}

export interface QdaOptions {
  /** Project name. */
  name: string;
  /** "harmlex 0.1.0". */
  origin: string;
  /** ISO date-time of creation (deterministic output when given). */
  created: string;
  /** Lexicon entries, to list under each code's description (optional). */
  entries?: readonly Pick<LexiconEntry, 'id' | 'category' | 'principle' | 'terms' | 'patterns' | 'suggest'>[];
  /** Include matches that do not count (negated): default false. */
  includeUncounted?: boolean;
}

/** A GUID (RFC 4122 layout, version 5 style) derived from a name: the same input, the same GUID. */
export function guidFor(name: string): string {
  const h = createHash('sha1').update(`harmlex:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

// Characters XML 1.0 does not allow, even escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Maps UTF-16 offsets of a text to code point offsets. */
export function codePointMapper(text: string): (utf16: number) => number {
  const map = new Uint32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    // The low half of a surrogate pair belongs to the same code point as the high half.
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) cp++;
    else map[i] = cp - 1;
  }
  map[text.length] = cp;
  return (o) => map[Math.max(0, Math.min(text.length, o))]!;
}

export interface QdaCode {
  key: string;
  name: string;
  color: string;
  description: string;
  codable: boolean;
  children: QdaCode[];
}

const CATEGORY_CODES: Record<Exclude<Category, 'principle'>, { name: string; color: string; about: string }> = {
  stigma: { name: 'Stigmatizing language', color: '#C0392B', about: 'Stigmatizing terms about people who use drugs, with preferred language.' },
  antithetical: { name: 'Antithetical framing', color: '#D35400', about: 'Framings against relational harm reduction: abstinence as the only goal, punishment or discharge for use, suspicion of motives, limits on care.' },
  structural: { name: 'Structural harm reduction', color: '#2471A3', about: 'Structural harm reduction: naloxone, syringe services, MOUD and similar services.' },
};

const PRINCIPLE_CODES: Record<Principle, { name: string; color: string }> = {
  humanism: { name: 'Humanism', color: '#1E8449' },
  pragmatism: { name: 'Pragmatism', color: '#239B56' },
  individualism: { name: 'Individualism', color: '#28B463' },
  autonomy: { name: 'Autonomy', color: '#117A65' },
  incrementalism: { name: 'Incrementalism', color: '#148F77' },
  accountability: { name: 'Accountability without termination', color: '#17A589' },
};

function entryList(entries: QdaOptions['entries'], f: (e: NonNullable<QdaOptions['entries']>[number]) => boolean): string {
  const es = (entries ?? []).filter(f);
  if (!es.length) return '';
  return `\nLexicon entries:\n${es.map((e) => `- ${e.id}: ${[...e.terms, ...e.patterns.map((p) => `/${p}/`)].join(', ')}${e.suggest.length ? ` (suggest: ${e.suggest.join('; ')})` : ''}`).join('\n')}`;
}

/** The codebook: one code per category, the principle category with one child code per principle. */
export function harmlexCodes(entries?: QdaOptions['entries']): QdaCode[] {
  const cat = (c: Exclude<Category, 'principle'>): QdaCode => ({
    key: `category:${c}`,
    name: CATEGORY_CODES[c].name,
    color: CATEGORY_CODES[c].color,
    description: `harmlex category "${c}". ${CATEGORY_CODES[c].about}${entryList(entries, (e) => e.category === c)}`,
    codable: true,
    children: [],
  });
  return [
    cat('stigma'),
    cat('antithetical'),
    {
      key: 'category:principle',
      name: 'Relational harm reduction principles',
      color: '#196F3D',
      description: 'Indicators of the six principles of relational harm reduction (Hawk et al. 2017, Harm Reduction Journal 14:70). Code the principle, not this parent.',
      codable: false,
      children: PRINCIPLES.map((p) => ({
        key: `principle:${p}`,
        name: PRINCIPLE_CODES[p].name,
        color: PRINCIPLE_CODES[p].color,
        description: `harmlex principle "${p}".${entryList(entries, (e) => e.category === 'principle' && e.principle === p)}`,
        codable: true,
        children: [],
      })),
    },
    cat('structural'),
  ];
}

function codeXml(c: QdaCode, indent: string): string {
  const kids = c.children.map((k) => codeXml(k, `${indent}  `)).join('');
  return `${indent}<Code guid="${guidFor(c.key)}" name="${xmlAttr(c.name)}" isCodable="${c.codable}" color="${c.color}">\n${indent}  <Description>${xmlText(c.description)}</Description>\n${kids}${indent}</Code>\n`;
}

/** A codebook file (.qdc, urn:QDA-XML:codebook:1.0). */
export function buildCodebookXml(o: Pick<QdaOptions, 'origin' | 'entries'>): string {
  const codes = harmlexCodes(o.entries);
  return `<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="${xmlAttr(o.origin)}">\n  <Codes>\n${codes.map((c) => codeXml(c, '    ')).join('')}  </Codes>\n</CodeBook>\n`;
}

function codeKeyOf(m: ResultMatch): string {
  return m.category === 'principle' && m.principle ? `principle:${m.principle}` : `category:${m.category}`;
}

export interface QdaProject {
  qde: string;
  /** Files to store in the zip: `sources/<guid>.txt`. */
  files: { path: string; text: string }[];
  warnings: string[];
  selections: number;
}

export function buildProject(sources: readonly QdaSource[], o: QdaOptions): QdaProject {
  const user = guidFor('user:harmlex');
  const when = o.created;
  const warnings: string[] = [];
  const files: QdaProject['files'] = [];
  const metaKeys: string[] = [];
  for (const s of sources) for (const k of Object.keys(s.meta ?? {})) if (!metaKeys.includes(k)) metaKeys.push(k);
  const variables = [...metaKeys.map((k) => ({ key: `meta:${k}`, name: k, type: 'Text', about: `Metadata "${k}" of the document, from harmlex's inputs.` })), { key: 'harmlex:placement', name: 'harmlex placement', type: 'Text', about: 'relational, mixed, antithetical or no-evidence (a screening aid, not a verdict).' }, { key: 'harmlex:continuum', name: 'harmlex continuum', type: 'Float', about: '-1 (only antithetical evidence) to +1 (only relational evidence); absent with no evidence.' }];
  let selections = 0;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="utf-8"?>');
  out.push(`<Project xmlns="urn:QDA-XML:project:1.0" name="${xmlAttr(o.name)}" origin="${xmlAttr(o.origin)}" creatingUserGUID="${user}" creationDateTime="${when}">`);
  out.push(`  <Users>\n    <User guid="${user}" name="harmlex" id="harmlex"/>\n  </Users>`);
  out.push(`  <CodeBook>\n    <Codes>\n${harmlexCodes(o.entries).map((c) => codeXml(c, '      ')).join('')}    </Codes>\n  </CodeBook>`);
  out.push(`  <Variables>\n${variables.map((v) => `    <Variable guid="${guidFor(`variable:${v.key}`)}" name="${xmlAttr(v.name)}" typeOfVariable="${v.type}">\n      <Description>${xmlText(v.about)}</Description>\n    </Variable>\n`).join('')}  </Variables>`);
  if (sources.length) {
    out.push('  <Sources>');
    for (const s of sources) {
      const sg = guidFor(`source:${s.id}`);
      const file = `${sg}.txt`;
      files.push({ path: `sources/${file}`, text: s.text });
      const toCp = codePointMapper(s.text);
      out.push(`    <TextSource guid="${sg}" name="${xmlAttr(s.id)}" plainTextPath="internal://${file}" creatingUser="${user}" creationDateTime="${when}">`);
      out.push(`      <Description>${xmlText(`harmlex: ${s.placement ?? 'not scored'}${typeof s.continuum === 'number' ? `, continuum ${s.continuum}` : ''}`)}</Description>`);
      let bad = 0;
      s.matches.forEach((m, i) => {
        if (!m.counted && !o.includeUncounted) return;
        if (s.text.slice(m.start, m.end) !== m.text) {
          bad++;
          return;
        }
        const start = toCp(m.start);
        const end = toCp(m.end);
        const note = `${typeof m.time === 'string' ? `at ${m.time}: ` : ''}${m.entry} (${m.category}${m.principle ? `: ${m.principle}` : ''})${m.negated ? `, negated${m.counted ? '' : ', not counted'}` : ''}${m.suggest?.length ? `; suggest: ${m.suggest.join('; ')}` : ''}`;
        out.push(`      <PlainTextSelection guid="${guidFor(`selection:${s.id}:${i}:${m.start}:${m.entry}`)}" name="${xmlAttr(m.text)}" startPosition="${start}" endPosition="${end}" creatingUser="${user}" creationDateTime="${when}">`);
        out.push(`        <Description>${xmlText(note)}</Description>`);
        out.push(`        <Coding guid="${guidFor(`coding:${s.id}:${i}:${m.start}:${m.entry}`)}" creatingUser="${user}" creationDateTime="${when}">`);
        out.push(`          <CodeRef targetGUID="${guidFor(codeKeyOf(m))}"/>`);
        out.push('        </Coding>');
        out.push('      </PlainTextSelection>');
        selections++;
      });
      if (bad) warnings.push(`${s.id}: ${bad} match${bad === 1 ? '' : 'es'} do not line up with the source text (was it changed since the scan?); left out`);
      const values: [string, string, string][] = [];
      for (const k of metaKeys) if (s.meta?.[k] !== undefined) values.push([`meta:${k}`, 'TextValue', s.meta[k]!]);
      if (s.placement) values.push(['harmlex:placement', 'TextValue', s.placement]);
      if (typeof s.continuum === 'number' && Number.isFinite(s.continuum)) values.push(['harmlex:continuum', 'FloatValue', String(Number(s.continuum.toFixed(6)))]);
      for (const [key, el, v] of values) out.push(`      <VariableValue>\n        <VariableRef targetGUID="${guidFor(`variable:${key}`)}"/>\n        <${el}>${xmlText(v)}</${el}>\n      </VariableValue>`);
      out.push('    </TextSource>');
    }
    out.push('  </Sources>');
  }
  out.push('  <Description>Machine codes from harmlex: every counted lexicon match as a coded selection, for review by people. A placement is a screening aid for people, not a verdict on a person.</Description>');
  out.push('</Project>');
  return { qde: `${out.join('\n')}\n`, files, warnings, selections };
}
