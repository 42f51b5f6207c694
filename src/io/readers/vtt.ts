/**
 * WebVTT (Zoom, Teams, Otter exports): one document per file, one turn per cue (or per voice tag in
 * a cue). The speaker comes from `<v Name>` voice tags or a `Name:` prefix; the cue's start time goes
 * with every match in it.
 *
 * The document text is the file itself with everything that is not cue text blanked with spaces
 * (the header, cue ids, timing lines, tags, NOTE/STYLE/REGION blocks), so every line and column of
 * a match is its line and column in the .vtt file. A cue that cannot be read (no timing line, or a
 * timing line that is not understood) is a skipped input with its line; the other cues are scored.
 */
import type { DocumentItem, Reader } from '../documents.js';
import { decodeBytes } from '../decode.js';
import { findLabels, maskRanges, type Turn } from '../../text/speakers.js';

const TIME = '(?:\\d{1,}:)?\\d{1,2}:\\d{2}[.,]\\d{1,3}';
const TIMING = new RegExp(`^[ \\t]*(${TIME})[ \\t]+-->[ \\t]+(${TIME})(?:[ \\t].*)?$`);
const SIGNATURE = /^WEBVTT(?:[ \t].*)?$/;
const VOICE = /<v(?:\.[^\s>]*)?[ \t]+([^>]*)>/g;
const TAG = /<[^>\n]*>/g;
const ENTITY = /&(?:amp|lt|gt|nbsp|lrm|rlm|quot|apos);/g;
const ENTITY_CHAR: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&nbsp;': ' ', '&lrm;': ' ', '&rlm;': ' ', '&quot;': '"', '&apos;': "'" };

interface Line {
  start: number;
  end: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const end = nl > pos && text[nl - 1] === '\r' ? nl - 1 : nl;
    lines.push({ start: pos, end, text: text.slice(pos, end) });
    pos = nl + 1;
  }
  return lines;
}

/** "1:02.5" / "00:01:02,500" -> "00:01:02.500". */
export function normalizeTime(t: string): string {
  const [main, frac = '0'] = t.split(/[.,]/);
  const parts = main!.split(':').map(Number);
  while (parts.length < 3) parts.unshift(0);
  const [h, m, s] = parts as [number, number, number];
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${frac.padEnd(3, '0').slice(0, 3)}`;
}

export interface VttParse {
  text: string;
  turns: Turn[];
  /** Cues that could not be read: 1-based line and why. */
  broken: { line: number; reason: string }[];
  cues: number;
}

/** Parse WebVTT text (already decoded). Null when the signature line is missing. */
export function parseVtt(raw: string, labelPattern?: string): VttParse | null {
  const text = withEntities(raw);
  const lines = splitLines(text);
  if (!SIGNATURE.test(lines[0]?.text ?? '')) return null;
  const blank: { start: number; end: number; label?: boolean }[] = [];
  const turns: Turn[] = [];
  const broken: { line: number; reason: string }[] = [];
  let cues = 0;
  // Blocks: runs of non-blank lines.
  let i = 0;
  let first = true;
  while (i < lines.length) {
    if (lines[i]!.text.trim() === '') {
      i++;
      continue;
    }
    const from = i;
    while (i < lines.length && lines[i]!.text.trim() !== '') i++;
    const block = lines.slice(from, i);
    const blockRange = { start: block[0]!.start, end: block[block.length - 1]!.end };
    if (first) {
      first = false;
      blank.push(blockRange); // the WEBVTT header block
      continue;
    }
    const head = block[0]!.text;
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(head)) {
      blank.push(blockRange);
      continue;
    }
    // The timing line: the first or second line of a cue (after an optional id), recognised by its
    // arrow or by a leading timestamp, so a mistyped arrow is reported as a timing problem.
    const looksTimed = (l: Line | undefined) => l !== undefined && (l.text.includes('-->') || /^[ \t]*(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d|[ \t]|$)/.test(l.text));
    const timingAt = looksTimed(block[0]) ? 0 : looksTimed(block[1]) ? 1 : -1;
    if (timingAt === -1) {
      broken.push({ line: from + 1, reason: `cue without a timing line ("${head.slice(0, 40)}")` });
      blank.push(blockRange);
      continue;
    }
    const timing = TIMING.exec(block[timingAt]!.text);
    if (!timing) {
      broken.push({ line: from + timingAt + 1, reason: `cue timing not understood: "${block[timingAt]!.text.trim().slice(0, 60)}"` });
      blank.push(blockRange);
      continue;
    }
    cues++;
    const time = normalizeTime(timing[1]!);
    const payload = block.slice(timingAt + 1);
    blank.push({ start: block[0]!.start, end: block[timingAt]!.end });
    if (payload.length === 0) continue;
    readCue(text, payload, time, labelPattern, blank, turns);
  }
  if (first) return { text: '', turns, broken, cues }; // only a signature line
  blank.sort((a, b) => a.start - b.start);
  return { text: maskRanges(text, blank), turns, broken, cues };
}

/** One cue's text lines: voice tags and `Name:` prefixes start turns; tags are blanked. */
function readCue(text: string, payload: Line[], time: string, labelPattern: string | undefined, blank: { start: number; end: number; label?: boolean }[], turns: Turn[]): void {
  const start = payload[0]!.start;
  const end = payload[payload.length - 1]!.end;
  const body = text.slice(start, end);
  // Where speakers start inside the cue: voice tags, else name labels at line starts.
  const starts: { at: number; contentAt: number; speaker: string }[] = [];
  for (const m of body.matchAll(VOICE)) starts.push({ at: m.index!, contentAt: m.index! + m[0].length, speaker: m[1]!.trim() });
  if (starts.length === 0) {
    for (const l of findLabels(body, labelPattern)) {
      starts.push({ at: l.start, contentAt: l.end, speaker: l.speaker });
      blank.push({ start: start + l.start, end: start + l.end, label: true });
    }
  }
  for (const m of body.matchAll(TAG)) {
    if (starts.some((s) => s.at === m.index && /^<v[.\s]/.test(m[0]))) {
      blank.push({ start: start + m.index!, end: start + m.index! + m[0].length, label: true });
    } else blank.push({ start: start + m.index!, end: start + m.index! + m[0].length });
  }
  if (starts.length === 0 || starts[0]!.at > 0) {
    const firstAt = starts[0]?.at ?? body.length;
    if (/\S/.test(body.slice(0, firstAt).replace(TAG, ''))) turns.push({ speaker: null, start, end: start + firstAt, time });
  }
  starts.forEach((s, k) => turns.push({ speaker: s.speaker || null, start: start + s.contentAt, end: start + (k + 1 < starts.length ? starts[k + 1]!.at : body.length), time }));
}

/** Entities become their character padded with spaces to the entity's length (offsets unchanged). */
function withEntities(text: string): string {
  return text.replace(ENTITY, (e) => (ENTITY_CHAR[e] ?? ' ') + ' '.repeat(e.length - 1));
}

export const vttReader: Reader = function* (bytes, id, file, options): Generator<DocumentItem> {
  const d = decodeBytes(bytes);
  if ('skip' in d) {
    yield { kind: 'skipped', id, source: file, reason: d.skip };
    return;
  }
  const parsed = parseVtt(d.text, options.labelPattern as string | undefined);
  if (!parsed) {
    yield { kind: 'skipped', id, source: file, reason: 'not a WebVTT file: the first line must be "WEBVTT"' };
    return;
  }
  for (const b of parsed.broken) yield { kind: 'skipped', id: `${id}:${b.line}`, source: `${file}:${b.line}`, reason: `${b.reason}; this cue was skipped, the other cues were read` };
  if (parsed.cues === 0) {
    yield { kind: 'skipped', id, source: file, reason: parsed.broken.length ? 'no readable cues' : 'no cues' };
    return;
  }
  yield { kind: 'document', id, source: file, text: parsed.text, turns: parsed.turns };
};
