/**
 * One way to read a source: the report and the REFI-QDA export get a scanned document's text
 * through the same readers as `scan` (Word paragraphs, WebVTT cue text, a CSV or JSONL row by its
 * id or line), so every match's offsets point at the same characters they did in the scan.
 *
 * A text is used only when every match lines up with it (`text.slice(start, end) === match.text`):
 * a file that changed since the scan is never highlighted wrongly. WebVTT text, which the reader
 * keeps at its place in the file (timings and cue ids blanked), is shown as speech: a line per cue
 * with its time and speaker, matches moved with their text.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { displayPath } from '../text/paths.js';
import { IdIndex } from '../research/codes.js';
import type { ResultMatch, ResultRecord } from '../research/types.js';
import { DEFAULT_MAX_FILE_SIZE, readFileDocuments, type DocumentItem, type ReadOptions } from './documents.js';
import { extensionOf } from './files.js';
import { DOCUMENT_READERS, isTabular } from './readers/index.js';
import { speakerKey, splitTurns, type Turn } from '../text/speakers.js';

/**
 * Whether a scan's match lines up with the source text read again. A match's text is the text at its
 * offsets, except under --no-context (src/scan/scan.ts, textWithoutContext): a proximity match shows
 * only its anchor phrase, with "… " before it and " …" after it where the span goes on ("… all of
 * them"), and a pattern match shows "[entry-id]". Those line up when the span holds the anchor in that
 * place, or, for a pattern, when the entry is the one named.
 */
export function matchAligned(text: string, m: ResultMatch): boolean {
  const span = text.slice(m.start, m.end);
  if (span === m.text) return true;
  if (m.text === `[${m.entry}]`) return span.length > 0;
  const lead = m.text.startsWith('… ');
  const trail = m.text.endsWith(' …');
  const anchor = m.text.slice(lead ? 2 : 0, trail ? m.text.length - 2 : m.text.length);
  if ((!lead && !trail) || !anchor || anchor.length >= span.length) return false;
  if (lead && trail) {
    const at = span.indexOf(anchor, 1);
    return at > 0 && at + anchor.length < span.length;
  }
  return lead ? span.endsWith(anchor) : span.startsWith(anchor);
}

export interface SourceDocument {
  /** The text to show or export. */
  text: string;
  /** The record's matches, their offsets in `text`. */
  matches: ResultMatch[];
  /** The file it was read from (relative to cwd when inside it). */
  file: string;
  /** Ranges of `text` left out of the scores: turns of speakers the scan left out, a title before the first label. */
  leftOut: [number, number][];
}

/**
 * The turns a record's scan left out, found again in its text: the speakers its `speakers` list
 * marks `excluded` (their turns from the reader, as WebVTT gives them, or from the labels), and
 * a title before the first label.
 */
function leftOutRanges(r: ResultRecord, doc: { text: string; turns?: Turn[] }, labelPattern: string | undefined): [number, number][] {
  const speakers = Array.isArray(r.speakers) ? (r.speakers as { speaker: string | null; excluded?: boolean }[]) : [];
  const out = new Set(speakers.filter((s) => s.excluded && s.speaker !== null).map((s) => speakerKey(s.speaker!)));
  const titleOut = speakers.some((s) => s.excluded && s.speaker === null);
  if (out.size === 0 && !titleOut) return [];
  const turns = doc.turns?.length ? doc.turns : splitTurns(doc.text, labelPattern)?.turns ?? [];
  return turns.filter((t) => (t.speaker === null ? titleOut : out.has(speakerKey(t.speaker)))).map((t) => [t.start, t.end]);
}

export interface SourceTexts {
  texts: Map<string, SourceDocument>;
  /** Ids of documents whose text was not found. */
  missing: string[];
  /** Ids of documents whose text was found but no longer lines up with the matches. */
  misaligned: string[];
}

/** A text with its blank runs collapsed, and where each offset of the original went. */
export function compactText(text: string): { text: string; at: (offset: number) => number } {
  const map = new Int32Array(text.length + 1);
  let out = '';
  let i = 0;
  // Leading blank space goes entirely.
  while (i < text.length && /\s/.test(text[i]!)) map[i++] = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      let j = i;
      let newlines = 0;
      while (j < text.length && /\s/.test(text[j]!)) if (text[j++] === '\n') newlines++;
      const sep = j === text.length ? '' : newlines >= 2 ? '\n\n' : newlines === 1 ? '\n' : text.slice(i, j).length > 1 ? ' ' : c;
      for (let k = i; k < j; k++) map[k] = out.length;
      out += sep;
      i = j;
      continue;
    }
    map[i++] = out.length;
    out += c;
  }
  map[text.length] = out.length;
  return { text: out, at: (o) => map[Math.max(0, Math.min(o, text.length))]! };
}

/**
 * A caption file as speech: a line per cue, `[00:00:04] P02: We never terminate anyone...`, from
 * the reader's turns (their text kept as it is inside the cue), and where each offset of the
 * reader's text went. Null when the reader gave no turns (then the text is compacted instead).
 */
export function captionText(text: string, turns: readonly Turn[] | undefined): { text: string; at: (offset: number) => number } | null {
  if (!turns?.length) return null;
  const segs: { from: number; to: number; at: number }[] = [];
  let out = '';
  for (const t of turns) {
    const body = text.slice(t.start, t.end);
    const trimmed = body.trim();
    if (!trimmed) continue;
    const from = t.start + (body.length - body.trimStart().length);
    if (out) out += '\n';
    out += `${t.time ? `[${t.time.replace(/\.\d+$/, '')}] ` : ''}${t.speaker ? `${t.speaker}: ` : ''}`;
    segs.push({ from, to: from + trimmed.length, at: out.length });
    out += trimmed;
  }
  if (segs.length === 0) return null;
  const at = (o: number): number => {
    // The segment holding the offset; an offset between segments goes to the next one's start.
    for (const s of segs) {
      if (o < s.from) return s.at;
      if (o <= s.to) return s.at + (o - s.from);
    }
    return out.length;
  };
  return { text: out, at };
}

/** `notes.csv:12` -> the file and the line; null for a source that names a whole file. */
function tableSource(source: string): { file: string; line: number } | null {
  const m = /^(.*):(\d+)$/.exec(source);
  return m ? { file: m[1]!, line: Number(m[2]) } : null;
}

/**
 * The texts of `records`, read from each record's `source` or from the file among `sourceFiles`
 * that names its id (with or without folder and extension), or its table file. Each file is read
 * once, by the reader its extension names, with `options` (the scan's --text-column, --id-column,
 * --encoding...).
 */
export async function readSourceTexts(records: readonly ResultRecord[], sourceFiles: readonly string[], options: ReadOptions): Promise<SourceTexts> {
  const cwd = options.cwd;
  const texts = new Map<string, SourceDocument>();
  const missing: string[] = [];
  const misaligned: string[] = [];
  const index = new IdIndex(sourceFiles.map((f) => [displayPath(f, cwd), f] as [string, string]));
  const read = new Map<string, DocumentItem[] | null>();
  // A results file is data, not a list of files to open: a path it names is read only when it is
  // one of the --sources files, or (without --sources) under the working folder, symbolic links resolved.
  const realOf = (file: string): string | null => {
    try {
      return realpathSync(resolve(cwd, file));
    } catch {
      return null;
    }
  };
  const given = new Set(sourceFiles.map(realOf).filter((f): f is string => f !== null));
  const cwdReal = realOf('.') ?? resolve(cwd);
  const allowed = (real: string | null): boolean => real !== null && (sourceFiles.length ? given.has(real) : real.startsWith(cwdReal.endsWith(sep) ? cwdReal : cwdReal + sep));
  const documentsOf = async (file: string): Promise<DocumentItem[] | null> => {
    const path = resolve(cwd, file);
    const key = path;
    if (read.has(key)) return read.get(key)!;
    let docs: DocumentItem[] | null = null;
    try {
      if (allowed(realOf(path)) && existsSync(path) && statSync(path).isFile()) {
        docs = [];
        for await (const d of readFileDocuments({ path, explicit: true }, options, DOCUMENT_READERS)) docs.push(d);
      }
    } catch {
      docs = null;
    }
    read.set(key, docs);
    return docs;
  };
  for (const r of records) {
    if (r.status !== 'ok') continue;
    const row = r.source ? tableSource(r.source) : null;
    const candidates: string[] = [];
    const add = (f: string | undefined) => {
      if (f !== undefined && !candidates.includes(f)) candidates.push(f);
    };
    add(index.find(r.id));
    if (row) add(index.find(row.file));
    if (r.source) add(row && isTabular(row.file) ? row.file : r.source);
    if (!sourceFiles.length) add(r.id);
    let found = false;
    let lined = false;
    for (const c of candidates) {
      const docs = await documentsOf(c);
      if (!docs) continue;
      const ok = docs.filter((d): d is Extract<DocumentItem, { kind: 'document' }> => d.kind === 'document');
      const doc = isTabular(c)
        ? ok.find((d) => d.id === r.id) ?? (row ? ok.find((d) => d.source !== undefined && tableSource(d.source)?.line === row.line) : undefined)
        : ok.length === 1
          ? ok[0]
          : undefined;
      if (!doc) continue;
      found = true;
      if (!(r.matches ?? []).every((m) => matchAligned(doc.text, m))) continue;
      // A --no-context match's text may stand for its span (see matchAligned): with the source read, show the span.
      const matches = (r.matches ?? []).map((m) => (doc.text.slice(m.start, m.end) === m.text ? m : { ...m, text: doc.text.slice(m.start, m.end) }));
      lined = true;
      const leftOut = leftOutRanges(r, doc, typeof options.labelPattern === 'string' ? options.labelPattern : undefined);
      if (extensionOf(c) === 'vtt') {
        const compact = captionText(doc.text, doc.turns) ?? compactText(doc.text);
        texts.set(r.id, {
          leftOut: leftOut.map(([s, e]) => [compact.at(s), compact.at(e)]),
          text: compact.text,
          matches: matches.map((m) => {
            const start = compact.at(m.start);
            const end = compact.at(m.end);
            return { ...m, start, end, text: compact.text.slice(start, end) };
          }),
          file: c,
        });
      } else texts.set(r.id, { text: doc.text, matches, file: c, leftOut });
      break;
    }
    if (!found) missing.push(r.id);
    else if (!lined) misaligned.push(r.id);
  }
  return { texts, missing, misaligned };
}

/** How the research commands read sources: as scan read them (its columns; every size). */
export function sourceReadOptions(opts: { textColumn?: string; idColumn?: string; encoding?: string }, io: { cwd: string }): ReadOptions {
  return {
    cwd: io.cwd,
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    stdinId: 'stdin',
    textColumn: opts.textColumn ?? 'text',
    idColumn: opts.idColumn ?? 'id',
    ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}),
  };
}
