/**
 * Coded excerpts: texts a person (a research team, the development corpus) has coded the way
 * harmlex codes documents, so that harmlex's codes can be compared with theirs (`harmlex eval`,
 * `harmlex lexicon suggest`). Pure: parsers take text, rows or XML and return excerpts and problems
 * (each with file:line); reading files is io/coded.ts.
 *
 * Three inputs, one model:
 * - JSON Lines, the development corpus's format (fixtures/corpus): `id`, `text`, `placement`,
 *   `principles`, `categories`, `stigma_terms`, `not_stigma_terms`, `split`; any other string,
 *   number or boolean field is kept in `meta`;
 * - the CSV that `harmlex agree` reads (an id column, `placement`, 0/1 principle and `stigma`
 *   columns; see codes.ts), with the excerpt's text in a `text` column or in a file named by its id;
 * - a REFI-QDA project (QDA-XML, the `project.qde` of a .qdpx, as `export-qdpx` writes it or a QDA
 *   package exports it): every coded text selection is an excerpt, its codes mapped by name.
 */
import { PLACEMENTS, PRINCIPLES, type Placement, type Principle } from '../types.js';
import { parseCodes } from './codes.js';

/** The kinds of evidence besides principles that an excerpt may be coded with. */
export const CODED_CATEGORIES = ['stigma', 'antithetical', 'structural'] as const;

export interface CodedExcerpt {
  id: string;
  text: string;
  /** The coder's placement; absent when the excerpt was not coded for placement. */
  placement?: Placement;
  principles: Principle[];
  /** Kinds of evidence present besides principles: stigma, antithetical, structural. */
  categories: string[];
  /** Stigmatizing words or phrases as they appear in the text. */
  stigmaTerms: string[];
  /** Words that look stigmatizing but are not, in this text (traps). */
  notStigmaTerms: string[];
  /** `dev` or `test` in the development corpus. */
  split?: string;
  /** Everything else the row carries (rationale, source, theme, ...), as strings. */
  meta: Record<string, string>;
  /**
   * What the coder coded, when not everything: a CSV with only some principle columns codes only
   * those. Absent: every principle and category was coded (a principle not listed is absent).
   */
  scope?: { principles: Principle[]; categories: string[] };
}

export interface CodedProblem {
  file: string;
  line: number;
  message: string;
}

export interface CodedParse {
  excerpts: CodedExcerpt[];
  problems: CodedProblem[];
}

const PRINCIPLE_ALIASES: Record<string, Principle> = {
  accountability_without_termination: 'accountability',
  'accountability without termination': 'accountability',
};

/** A principle named loosely ("Humanism", "accountability without termination"), or undefined. */
export function principleOf(name: string): Principle | undefined {
  const s = name.trim().toLowerCase().replace(/[\s-]+/g, ' ');
  if ((PRINCIPLES as readonly string[]).includes(s)) return s as Principle;
  return PRINCIPLE_ALIASES[s] ?? PRINCIPLE_ALIASES[s.replace(/ /g, '_')];
}

/** A placement named loosely ("No evidence", "no_evidence", "none"), or undefined. */
export function placementOf(value: string): Placement | undefined {
  const s = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (s === 'none' || s === 'noevidence' || s === 'no-evidence') return 'no-evidence';
  return (PLACEMENTS as readonly string[]).includes(s) ? (s as Placement) : undefined;
}

const KNOWN_FIELDS = new Set(['id', 'text', 'placement', 'principles', 'categories', 'stigma_terms', 'stigmaTerms', 'not_stigma_terms', 'notStigmaTerms', 'split']);

function stringList(v: unknown): string[] | null {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v.trim() ? [v] : [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return null;
  return (v as string[]).filter((x) => x.trim() !== '');
}

/** One JSON object (a JSONL line) -> an excerpt, or the reason it is not one. */
export function codedFromObject(o: unknown, where: { file: string; line: number }): { excerpt?: CodedExcerpt; problems: CodedProblem[] } {
  const problems: CodedProblem[] = [];
  const problem = (message: string) => problems.push({ ...where, message });
  if (!o || typeof o !== 'object' || Array.isArray(o)) {
    problem('not a JSON object');
    return { problems };
  }
  const r = o as Record<string, unknown>;
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id).trim() : '';
  if (!id) problem('no "id"');
  if (typeof r.text !== 'string' || r.text.trim() === '') problem(`${id ? `"${id}": ` : ''}no "text"`);
  if (problems.length) return { problems };
  const name = `"${id}"`;
  let placement: Placement | undefined;
  if (r.placement !== undefined && r.placement !== null && r.placement !== '') {
    placement = typeof r.placement === 'string' ? placementOf(r.placement) : undefined;
    if (!placement) problem(`${name}: placement ${JSON.stringify(r.placement)} is not one of ${PLACEMENTS.join(', ')}`);
  }
  const lists: Record<string, string[]> = {};
  for (const [key, alt] of [
    ['principles', 'principles'],
    ['categories', 'categories'],
    ['stigma_terms', 'stigmaTerms'],
    ['not_stigma_terms', 'notStigmaTerms'],
  ] as const) {
    const l = stringList(r[key] ?? r[alt]);
    if (l === null) problem(`${name}: "${key}" must be a list of strings`);
    lists[key] = l ?? [];
  }
  const principles: Principle[] = [];
  for (const p of lists.principles!) {
    const q = principleOf(p);
    if (!q) problem(`${name}: "${p}" is not a principle (${PRINCIPLES.join(', ')})`);
    else if (!principles.includes(q)) principles.push(q);
  }
  const categories: string[] = [];
  for (const c of lists.categories!) {
    const k = c.trim().toLowerCase();
    if (k === 'principle' || k === 'principles') continue;
    if (!(CODED_CATEGORIES as readonly string[]).includes(k)) problem(`${name}: category "${c}" is not one of ${CODED_CATEGORIES.join(', ')}`);
    else if (!categories.includes(k)) categories.push(k);
  }
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) {
    if (KNOWN_FIELDS.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') meta[k] = String(v);
  }
  // A row without "categories" (or "principles") was not coded for them: stigma is then known
  // only from its stigma terms, and only when the row lists them.
  const hasCategories = r.categories !== undefined;
  const hasPrinciples = r.principles !== undefined;
  const hasTerms = r.stigma_terms !== undefined || r.stigmaTerms !== undefined;
  if (!hasCategories && lists.stigma_terms!.length) categories.push('stigma');
  const scope = hasCategories && hasPrinciples ? undefined : { principles: hasPrinciples ? [...PRINCIPLES] : [], categories: hasCategories ? [...CODED_CATEGORIES] : hasTerms ? ['stigma'] : [] };
  const excerpt: CodedExcerpt = {
    id,
    text: r.text as string,
    ...(placement ? { placement } : {}),
    principles: PRINCIPLES.filter((p) => principles.includes(p)),
    categories,
    stigmaTerms: lists.stigma_terms!,
    notStigmaTerms: lists.not_stigma_terms!,
    ...(typeof r.split === 'string' && r.split.trim() ? { split: r.split.trim().toLowerCase() } : {}),
    meta,
    ...(scope ? { scope } : {}),
  };
  return { excerpt, problems };
}

/** JSON Lines: one excerpt per non-blank line; a bad line is a problem with its line number and is left out. */
export function parseCodedJsonl(text: string, file: string): CodedParse {
  const excerpts: CodedExcerpt[] = [];
  const problems: CodedProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = { file, line: i + 1 };
    let o: unknown;
    try {
      o = JSON.parse(raw);
    } catch (e) {
      problems.push({ ...where, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    const r = codedFromObject(o, where);
    problems.push(...r.problems);
    if (r.excerpt) {
      excerpts.push(r.excerpt);
      LINES.set(r.excerpt, where.line);
    }
  });
  return { excerpts: dropDuplicateIds(excerpts, problems, file), problems };
}

/** The line an excerpt was read from (JSONL: its line; CSV: its row's line), for messages. */
const LINES = new WeakMap<CodedExcerpt, number>();
export function codedLine(excerpt: CodedExcerpt): number {
  return LINES.get(excerpt) ?? 0;
}

function dropDuplicateIds(excerpts: CodedExcerpt[], problems: CodedProblem[], file: string): CodedExcerpt[] {
  const first = new Map<string, number>();
  return excerpts.filter((e) => {
    if (!first.has(e.id)) {
      first.set(e.id, codedLine(e));
      return true;
    }
    const line = first.get(e.id)!;
    problems.push({ file, line: codedLine(e), message: `id "${e.id}" appears twice${line ? ` (first on line ${line})` : ''}; the first is used` });
    return false;
  });
}

const TEXT_COLUMNS = ['text', 'excerpt', 'quote', 'content'];

/**
 * The CSV `agree` reads (parsed rows, header names as written) -> excerpts. The text of a row is
 * its `text` (or excerpt, quote, content) column, else what `textOf(id)` finds (the CLI looks for
 * a file named by the id); a row with neither is a problem. A `stigma` 1 is the stigma category
 * (the CSV names no terms, so stigma-term recall is not measured on it). Only the principles that
 * have a column are in the excerpt's scope.
 */
export function parseCodedCsv(rows: readonly Record<string, string>[], file: string, textOf: (id: string) => string | undefined = () => undefined): CodedParse {
  const problems: CodedProblem[] = [];
  const table = parseCodes(rows, file);
  for (const p of table.problems) {
    const m = /^(.*?):(\d+): (.*)$/.exec(p);
    problems.push(m && m[1] === file ? { file, line: Number(m[2]), message: m[3]! } : { file, line: 0, message: p.startsWith(`${file}: `) ? p.slice(file.length + 2) : p });
  }
  const headers = rows.length ? Object.keys(rows[0]!) : [];
  const textCol = headers.find((h) => TEXT_COLUMNS.includes(h.trim().toLowerCase()));
  const idCol = headers.find((h) => ['id', 'document', 'doc', 'document_id', 'file', 'filename', 'transcript'].includes(h.trim().toLowerCase().replace(/[\s-]+/g, '_'))) ?? headers[0];
  const principlesCoded = PRINCIPLES.filter((p) => table.codes.includes(p));
  const categoriesCoded = table.codes.includes('stigma') ? ['stigma'] : [];
  const excerpts: CodedExcerpt[] = [];
  const lineOf = new Map<string, number>();
  rows.forEach((row, i) => {
    const id = (row[idCol!] ?? '').trim();
    if (id && !lineOf.has(id)) lineOf.set(id, i + 2);
  });
  rows.forEach((row, i) => {
    const id = (row[idCol!] ?? '').trim();
    const codes = table.items.get(id);
    if (!id || !codes || lineOf.get(id) !== i + 2) return;
    const text = (textCol ? row[textCol] : undefined)?.trim() ? row[textCol!]! : textOf(id);
    if (text === undefined) {
      problems.push({ file, line: i + 2, message: `"${id}": no text (give a text column, or the excerpt as a file named ${id}.txt next to the CSV or under --docs)` });
      return;
    }
    const meta: Record<string, string> = {};
    for (const h of table.ignored) if (h !== textCol && (row[h] ?? '') !== '') meta[h] = row[h]!;
    excerpts.push({
      id,
      text,
      ...(codes.placement ? { placement: codes.placement as Placement } : {}),
      principles: principlesCoded.filter((p) => codes[p] === '1'),
      categories: codes.stigma === '1' ? ['stigma'] : [],
      stigmaTerms: [],
      notStigmaTerms: [],
      meta,
      scope: { principles: principlesCoded, categories: categoriesCoded },
    });
    LINES.set(excerpts.at(-1)!, i + 2);
  });
  return { excerpts, problems };
}

// ───────────────────────────── REFI-QDA (QDA-XML) ─────────────────────────────

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(parseInt(e.slice(1), 10)) : ENTITIES[e]!,
  );
}

/**
 * A small XML reader for QDA-XML: elements, attributes and text; comments, processing
 * instructions and CDATA handled; no DTDs or external entities (never fetched). Linear in the text.
 */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '', line: 1 };
  const stack: XmlElement[] = [root];
  const tag = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  const attr = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let last = 0;
  let line = 1;
  let counted = 0;
  const lineAt = (i: number) => {
    for (; counted < i; counted++) if (xml.charCodeAt(counted) === 10) line++;
    return line;
  };
  let m: RegExpExecArray | null;
  while ((m = tag.exec(xml)) !== null) {
    const top = stack[stack.length - 1]!;
    if (m.index > last) top.text += unescapeXml(xml.slice(last, m.index));
    last = tag.lastIndex;
    if (m[1] !== undefined) {
      top.text += m[1];
      continue;
    }
    const name = m[3];
    if (!name) continue; // comment, PI, doctype
    const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
    if (m[2] === '/') {
      if (stack.length > 1 && top.name === local) stack.pop();
      else throw new Error(`line ${lineAt(m.index)}: </${name}> does not close an open element`);
      continue;
    }
    const attrs: Record<string, string> = Object.create(null);
    attr.lastIndex = 0;
    let a: RegExpExecArray | null;
    while ((a = attr.exec(m[4] ?? '')) !== null) attrs[a[1]!] = unescapeXml(a[2] ?? a[3] ?? '');
    const el: XmlElement = { name: local, attrs, children: [], text: '', line: lineAt(m.index) };
    top.children.push(el);
    if (m[5] !== '/') stack.push(el);
  }
  if (stack.length > 1) throw new Error(`<${stack[stack.length - 1]!.name}> (line ${stack[stack.length - 1]!.line}) is never closed`);
  return root;
}

function* descendants(el: XmlElement, name: string): Generator<XmlElement> {
  for (const c of el.children) {
    if (c.name === name) yield c;
    yield* descendants(c, name);
  }
}

/** What a code's name says: a principle, a category or a placement. */
export function codeMeaning(name: string): { principle?: Principle; category?: string; placement?: Placement } {
  const p = principleOf(name);
  if (p) return { principle: p };
  const s = name.trim().toLowerCase();
  const placement = placementOf(s);
  if (placement) return { placement };
  if (/stigma/.test(s)) return { category: 'stigma' };
  if (/antithetical/.test(s)) return { category: 'antithetical' };
  if (/structural/.test(s)) return { category: 'structural' };
  return {};
}

/**
 * A QDA-XML project (`project.qde`) -> excerpts: every PlainTextSelection of a TextSource that
 * carries a coding, its text cut from the source (`sourceText(plainTextPath)` gives an internal
 * source file's text; PlainTextContent is used when present). Selections of the same span are one
 * excerpt with all their codes. Codes are read by name (a principle, stigma, antithetical,
 * structural, or a placement); the placement, unless a placement code says it, follows from the
 * codes as harmlex places a document: principles only -> relational, stigma or antithetical only ->
 * antithetical, both -> mixed, neither -> no-evidence. A stigma selection's text is its stigma term.
 */
export function parseQde(xml: string, file: string, sourceText: (path: string) => string | undefined): CodedParse {
  const problems: CodedProblem[] = [];
  let doc: XmlElement;
  try {
    doc = parseXml(xml);
  } catch (e) {
    return { excerpts: [], problems: [{ file, line: 0, message: `not valid XML: ${(e as Error).message}` }] };
  }
  const codes = new Map<string, string>();
  for (const c of descendants(doc, 'Code')) if (c.attrs.guid) codes.set(c.attrs.guid.toLowerCase(), c.attrs.name ?? '');
  const excerpts: CodedExcerpt[] = [];
  const unknownCodes = new Set<string>();
  for (const src of descendants(doc, 'TextSource')) {
    const name = src.attrs.name ?? src.attrs.guid ?? 'source';
    const content = src.children.find((c) => c.name === 'PlainTextContent');
    let text: string | undefined = content?.text;
    if (text === undefined && src.attrs.plainTextPath) {
      const path = src.attrs.plainTextPath.replace(/^internal:\/\//, '');
      text = sourceText(path);
      if (text === undefined) {
        problems.push({ file, line: src.line, message: `source "${name}": its text (${src.attrs.plainTextPath}) is not in the project` });
        continue;
      }
    }
    if (text === undefined) continue;
    const cps = Array.from(text);
    // Code point offsets -> UTF-16 offsets.
    const utf16 = new Uint32Array(cps.length + 1);
    for (let i = 0; i < cps.length; i++) utf16[i + 1] = utf16[i]! + cps[i]!.length;
    const bySpan = new Map<string, CodedExcerpt>();
    for (const sel of src.children.filter((c) => c.name === 'PlainTextSelection')) {
      const start = Number(sel.attrs.startPosition);
      const end = Number(sel.attrs.endPosition);
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > cps.length) {
        problems.push({ file, line: sel.line, message: `source "${name}": a selection's positions (${sel.attrs.startPosition}-${sel.attrs.endPosition}) are outside its text` });
        continue;
      }
      const refs = [...descendants(sel, 'CodeRef')].map((r) => (r.attrs.targetGUID ?? '').toLowerCase());
      if (refs.length === 0) continue;
      const key = `${start}-${end}`;
      let ex = bySpan.get(key);
      if (!ex) {
        const selText = text.slice(utf16[start]!, utf16[end]!);
        ex = { id: `${name}:${start}-${end}`, text: selText, principles: [], categories: [], stigmaTerms: [], notStigmaTerms: [], meta: { source: name, start: String(start), end: String(end) } };
        bySpan.set(key, ex);
      }
      for (const ref of refs) {
        const codeName = codes.get(ref);
        if (codeName === undefined) {
          problems.push({ file, line: sel.line, message: `source "${name}": a coding refers to a code that is not in the codebook (${ref})` });
          continue;
        }
        const meaning = codeMeaning(codeName);
        if (meaning.principle && !ex.principles.includes(meaning.principle)) ex.principles.push(meaning.principle);
        else if (meaning.category && !ex.categories.includes(meaning.category)) {
          ex.categories.push(meaning.category);
          if (meaning.category === 'stigma') ex.stigmaTerms.push(ex.text.trim());
        } else if (meaning.placement) ex.placement = meaning.placement;
        else if (!meaning.principle && !meaning.category) unknownCodes.add(codeName);
      }
    }
    for (const ex of [...bySpan.values()].sort((a, b) => Number(a.meta.start) - Number(b.meta.start) || Number(a.meta.end) - Number(b.meta.end))) {
      ex.principles = PRINCIPLES.filter((p) => ex.principles.includes(p));
      ex.placement ??= placementFromCodes(ex.principles, ex.categories);
      excerpts.push(ex);
    }
  }
  if (unknownCodes.size) problems.push({ file, line: 0, message: `codes not compared (not a principle, stigma, antithetical, structural or a placement): ${[...unknownCodes].sort().join(', ')}` });
  return { excerpts, problems };
}

/** The placement codes imply, as harmlex places a document. */
export function placementFromCodes(principles: readonly string[], categories: readonly string[]): Placement {
  const relational = principles.length > 0;
  const antithetical = categories.includes('stigma') || categories.includes('antithetical');
  return relational && antithetical ? 'mixed' : relational ? 'relational' : antithetical ? 'antithetical' : 'no-evidence';
}
