/**
 * A compiled lexicon as JSON: the word trie and head filter, which take most of compiling. Two
 * forms: one JSON object (`snapshotOf`), and a snapshot file (`snapshotFileText`: a JSON header line,
 * then the trie in a compact body restored node by node).
 * The build writes the default lexicon's snapshot (dist/default-lexicon.json), so a run starts
 * without parsing YAML or expanding terms; worker threads receive a snapshot instead of
 * compiling again. Restoring is lazy: a trie node becomes Maps when the matcher first reaches it,
 * so a short run pays only for the nodes it visits.
 */
import type { Lexicon } from '../types.js';
import { addStemStart, assembleCompiled, readyNode, TrieNode, type CompiledLexicon, type StemGate } from './compile.js';
import type { HeadFilter, NextWordTables } from './heads.js';

export const SNAPSHOT_VERSION = 6;

/** A node's fields as stored: children as their JSON, or (a snapshot file's root) as spans of its text. */
interface StoredNode<Child> {
  /** words, prefixes, stems: [key, child] pairs */
  w?: [string, Child][];
  p?: [string, Child][];
  s?: [string, Child][];
  /** stem gate: the families' beginnings, forms */
  g?: [string[], string[]];
  /** terminal: entry, rank, term */
  t?: [number, number, number];
}

type NodeSnapshot = StoredNode<NodeSnapshot>;

/** A typed array as its non-zero cells: [length, index, value, index, value, ...]. */
type Sparse = number[];

interface TablesSnapshot {
  words: Sparse;
  gate: Sparse;
  prefixes: Sparse;
  lengths: number;
}

interface HeadsSnapshot {
  walkAll: boolean;
  prefixLengths: number;
  words: Sparse;
  prefixGate: Sparse;
  prefixes: Sparse;
  prefixPairs: Sparse;
  prefixPairLengths: number;
  pair: TablesSnapshot;
  triple: TablesSnapshot;
  quad: TablesSnapshot;
}

export interface CompiledSnapshot {
  snapshot: typeof SNAPSHOT_VERSION;
  lexicon: Lexicon;
  root: NodeSnapshot;
  heads: HeadsSnapshot | null;
  /** `CompiledLexicon.maxContextPhrase`, so a restore need not parse every entry's context phrases. */
  maxContextPhrase?: number;
}

function nodeToJson(node: TrieNode): NodeSnapshot {
  readyNode(node);
  const out: NodeSnapshot = {};
  if (node.words) out.w = [...node.words].map(([k, c]) => [k, nodeToJson(c)]);
  if (node.prefixes) out.p = node.prefixes.map(([k, c]) => [k, nodeToJson(c)]);
  if (node.stems) out.s = [...node.stems].map(([k, c]) => [k, nodeToJson(c)]);
  if (node.stemGate) out.g = [[...node.stemGate.starts.values()].flat(), [...node.stemGate.forms]];
  if (node.terminal) out.t = [node.terminal.entry, node.terminal.rank, node.terminal.term];
  return out;
}

/** A subtree kept as JSON text, parsed when the matcher first reaches it (see `snapshotFileText`). */
class TextRef {
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** A node whose fields are filled from its snapshot when the matcher first reaches it. */
function lazyNode(json: NodeSnapshot | TextRef): TrieNode {
  const node = new TrieNode();
  node.pending = json;
  node.fill = fillStored;
  return node;
}

/** Fill `node` from its stored fields; its children stay lazy. */
function fill(node: TrieNode, json: StoredNode<NodeSnapshot | TextRef>): void {
  if (json.w) node.words = new Map(json.w.map(([k, c]) => [k, lazyNode(c)]));
  if (json.p) node.prefixes = json.p.map(([k, c]) => [k, lazyNode(c)]);
  if (json.s) node.stems = new Map(json.s.map(([k, c]) => [k, lazyNode(c)]));
  if (json.g) {
    const gate: StemGate = { starts: new Map(), forms: new Set(json.g[1]) };
    for (const prefix of json.g[0]) addStemStart(gate, prefix);
    node.stemGate = gate;
  }
  if (json.t) node.terminal = { entry: json.t[0], rank: json.t[1], term: json.t[2] };
}

/** Fill a lazily restored node from what it was restored from (its children stay lazy); see `readyNode`. */
function fillStored(node: TrieNode, stored: unknown): void {
  const pending = stored as NodeSnapshot | TextRef;
  fill(node, pending instanceof TextRef ? (JSON.parse(pending.text.slice(pending.start, pending.end)) as NodeSnapshot) : pending);
}

function sparse(a: Uint32Array): Sparse {
  const out: number[] = [a.length];
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) out.push(i, a[i]!);
  return out;
}

function dense(s: Sparse): Uint32Array {
  const a = new Uint32Array(s[0]!);
  for (let i = 1; i < s.length; i += 2) a[s[i]!] = s[i + 1]!;
  return a;
}

function tablesOf(t: NextWordTables): TablesSnapshot {
  return { words: sparse(t.words), gate: sparse(t.gate), prefixes: sparse(t.prefixes), lengths: t.lengths };
}

function tablesFrom(t: TablesSnapshot): NextWordTables {
  return { words: dense(t.words), gate: dense(t.gate), prefixes: dense(t.prefixes), lengths: t.lengths };
}

export function snapshotOf(compiled: CompiledLexicon): CompiledSnapshot {
  const h = compiled.heads;
  return {
    snapshot: SNAPSHOT_VERSION,
    lexicon: compiled.lexicon,
    maxContextPhrase: compiled.maxContextPhrase,
    root: nodeToJson(compiled.root),
    heads: h && {
      walkAll: h.walkAll,
      prefixLengths: h.prefixLengths,
      words: sparse(h.words),
      prefixGate: sparse(h.prefixGate),
      prefixes: sparse(h.prefixes),
      prefixPairs: sparse(h.prefixPairs),
      prefixPairLengths: h.prefixPairLengths,
      pair: tablesOf(h.pair),
      triple: tablesOf(h.triple),
      quad: tablesOf(h.quad),
    },
  };
}

export function isSnapshot(value: unknown): value is CompiledSnapshot {
  return typeof value === 'object' && value !== null && (value as { snapshot?: unknown }).snapshot === SNAPSHOT_VERSION;
}

function restoreHeads(h: HeadsSnapshot | null): HeadFilter | null {
  return (
    h && {
      walkAll: h.walkAll,
      prefixLengths: h.prefixLengths,
      words: dense(h.words),
      prefixGate: dense(h.prefixGate),
      prefixes: dense(h.prefixes),
      prefixPairs: dense(h.prefixPairs),
      prefixPairLengths: h.prefixPairLengths,
      pair: tablesFrom(h.pair),
      triple: tablesFrom(h.triple),
      quad: tablesFrom(h.quad),
    }
  );
}

export function restoreSnapshot(s: CompiledSnapshot): CompiledLexicon {
  return assembleCompiled(s.lexicon, lazyNode(s.root), restoreHeads(s.heads), s.maxContextPhrase);
}

/**
 * The snapshot as the build writes it to a file: one JSON line with the lexicon, the head filter and
 * the trie's root, whose children point at spans of the JSON text after that line. Parsing the
 * first line is all a run pays at start-up; a subtree is parsed when a document first reaches it.
 */
export function snapshotFileText(s: CompiledSnapshot, extra: Record<string, unknown> = {}): string {
  let body = '';
  const spans = (pairs: [string, NodeSnapshot][] | undefined) =>
    pairs?.map(([k, c]): [string, [number, number]] => {
      const json = JSON.stringify(c);
      const start = body.length;
      body += json;
      return [k, [start, body.length]];
    });
  const { w, p, s: stems, g, t } = s.root;
  const root = { w: spans(w), p: spans(p), s: spans(stems), g, t };
  return `${JSON.stringify({ ...extra, snapshot: s.snapshot, lexicon: s.lexicon, maxContextPhrase: s.maxContextPhrase, heads: s.heads, root })}\n${body}`;
}

interface FileHeader extends Omit<CompiledSnapshot, 'root'> {
  root: StoredNode<[number, number]>;
}

/** The header of a snapshot file (its first line), or null when the text is not one. */
export function readSnapshotFileHeader(text: string): (FileHeader & Record<string, unknown>) | null {
  const nl = text.indexOf('\n');
  return nl === -1 ? null : parseHeaderLine(text.slice(0, nl));
}

function parseHeaderLine(line: string): (FileHeader & Record<string, unknown>) | null {
  let header: FileHeader & Record<string, unknown>;
  try {
    header = JSON.parse(line) as FileHeader & Record<string, unknown>;
  } catch {
    return null;
  }
  return isSnapshot(header) ? header : null;
}

export function restoreSnapshotFile(text: string, header: FileHeader): CompiledLexicon {
  return restoreFromBody(text, text.indexOf('\n') + 1, header);
}

/** A snapshot file read from its bytes: its header, and its body as a string of its own. */
export interface SnapshotFile {
  header: FileHeader & Record<string, unknown>;
  /** The header line as text (with the body, the file's text again: `snapshotFileFrom`). */
  headerLine: string;
  body: string;
}

/**
 * A snapshot file's bytes, its header line and body decoded apart; null when it is not one. The
 * body is ASCII JSON for most lexicons, and decoded alone it is a one-byte string. Decoded with a
 * header that holds one non-ASCII character (a source's curly quote), the whole text was two-byte:
 * the 9.8 MB cached snapshot of a ten-times lexicon took 35-42 ms to decode, and every trie key cut
 * from it was a two-byte string.
 */
export function readSnapshotFile(bytes: Buffer): SnapshotFile | null {
  const nl = bytes.indexOf(10);
  if (nl === -1) return null;
  const headerLine = bytes.toString('utf8', 0, nl);
  const header = parseHeaderLine(headerLine);
  return header ? { header, headerLine, body: bytes.toString('utf8', nl + 1) } : null;
}

/** The file's text again (for worker threads, which restore from text). */
export function snapshotFileFrom(file: SnapshotFile): string {
  return `${file.headerLine}\n${file.body}`;
}

/** Restore from a snapshot file read by `readSnapshotFile`. */
export function restoreSnapshotBody(file: SnapshotFile): CompiledLexicon {
  return restoreFromBody(file.body, 0, file.header);
}

function restoreFromBody(text: string, bodyStart: number, header: FileHeader): CompiledLexicon {
  const refs = (pairs: [string, [number, number]][] | undefined) => pairs?.map(([k, [a, b]]): [string, TextRef] => [k, new TextRef(text, bodyStart + a, bodyStart + b)]);
  const { w, p, s, g, t } = header.root;
  const root = new TrieNode();
  fill(root, { w: refs(w), p: refs(p), s: refs(s), g, t });
  return assembleCompiled(header.lexicon, root, restoreHeads(header.heads), header.maxContextPhrase);
}
