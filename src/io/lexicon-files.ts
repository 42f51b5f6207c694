/**
 * The lexicon's disk edge: reads lexicon files (bounded, without a byte-order mark) and hands their
 * text to lexicon/assemble.ts, which resolves `extends`, parses, merges and compiles; returns a
 * compiled lexicon or throws a LexiconError with every problem. A user lexicon unchanged since an
 * earlier run comes from the compiled-lexicon cache (lexicon-cache.ts). The built-in lexicon is
 * restored from the snapshot that the build validated, compiled and wrote
 * (dist/default-lexicon.json), so a default run never loads the YAML parser; the YAML is the
 * fallback when running from source.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readErrorReason, readTextFile } from '../bounded-read.js';
import type { Lexicon } from '../types.js';
import { assembleLexicon, DEFAULT_LEXICON_NAME, textDigest, type LexiconText } from '../lexicon/assemble.js';
import type { CompiledLexicon } from '../lexicon/compile.js';
import { readSnapshotFile, restoreSnapshotBody, type SnapshotFile } from '../lexicon/snapshot.js';
import { cachedDependencies, readCachedLexicon, writeCachedLexicon } from './lexicon-cache.js';

/** A lexicon file larger than this is refused (the built-in one is under 1 MB). */
export const MAX_LEXICON_SIZE = 16 * 1024 * 1024;
export const DEFAULT_LEXICON_PATH = fileURLToPath(new URL('../../lexicons/default.yaml', import.meta.url));
export const EMBEDDED_JSON = fileURLToPath(new URL('../default-lexicon.json', import.meta.url));

export interface LoadedLexicon {
  lexicon: Lexicon;
  compiled: CompiledLexicon;
  /** The files it was read from (what it extends included): inputs no output may be written over. */
  files?: readonly string[];
}

let embedded: LoadedLexicon | undefined;

/**
 * The built-in lexicon, compiled (memoized). The build writes a snapshot of it
 * (dist/default-lexicon.json, see lexicon/snapshot.ts), so a run does not parse YAML or expand
 * terms; when the YAML has changed since the build (while editing it), the YAML is compiled instead.
 */
export async function loadDefaultLexicon(): Promise<LoadedLexicon> {
  if (embedded) return embedded;
  let file: SnapshotFile | null = null;
  try {
    file = readSnapshotFile(readFileSync(EMBEDDED_JSON));
  } catch {
    file = null; // not built: compile the YAML
  }
  // The snapshot is used only when it was built from the YAML as it is now.
  if (file && file.header.source === textDigest(readFileSync(DEFAULT_LEXICON_PATH, 'utf8'))) {
    const compiled = restoreBuiltIn(file);
    embedded = { lexicon: compiled.lexicon, compiled, files: [DEFAULT_LEXICON_PATH] };
  } else {
    embedded = await loadLexiconFiles([DEFAULT_LEXICON_PATH], process.cwd(), null);
  }
  return embedded;
}

/** The built-in lexicon from the build's snapshot, with what the build worked out (CompiledLexicon.built). */
export function restoreBuiltIn(file: SnapshotFile): CompiledLexicon {
  const compiled = restoreSnapshotBody(file);
  const { patternClauses, nearAlternates } = file.header;
  if (Array.isArray(patternClauses) && Array.isArray(nearAlternates)) compiled.built = { clauses: patternClauses as string[][][][], nearAlternates: new Map(nearAlternates as [number, number[]][]) };
  return compiled;
}

/** Is this the built-in lexicon as `loadDefaultLexicon` gave it (not extended or changed)? */
export function isBuiltInCompiled(compiled: CompiledLexicon): boolean {
  return embedded !== undefined && embedded.compiled === compiled;
}

/** A lexicon file's text, without a byte-order mark. */
function readTextOrThrow(file: string): string {
  const text = readTextFile(file, MAX_LEXICON_SIZE);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A lexicon file's text, or why it cannot be read (lexicon/assemble.ts turns that into a problem). */
function readLexiconText(file: string): LexiconText {
  try {
    return { text: readTextOrThrow(file) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { unreadable: err.code === 'EISDIR' ? 'is a directory' : readErrorReason(err) };
  }
}

/**
 * Load lexicon files in order, each preceded by what it extends (depth first, once each).
 * `default` names the built-in lexicon.
 */
export async function loadLexiconFiles(paths: readonly string[], cwd = process.cwd(), cacheDir: string | null = null): Promise<LoadedLexicon> {
  const named = paths.map((p) => (p === DEFAULT_LEXICON_NAME ? p : resolve(cwd, p)));
  if (cacheDir !== null) {
    const cached = readCachedLexicon(cacheDir, named, cwd, (file) => readTextOrThrow(file));
    if (cached) return { lexicon: cached.lexicon, compiled: cached, files: cachedDependencies(cached) };
  }
  const { lexicon, compiled, deps } = await assembleLexicon(paths, { cwd, defaultPath: DEFAULT_LEXICON_PATH, read: readLexiconText });
  if (cacheDir !== null) writeCachedLexicon(cacheDir, named, cwd, compiled, deps);
  return { lexicon, compiled, files: deps.map(([f]) => f) };
}

/**
 * The lexicons named on the command line, or the built-in one. `cacheDir`: the compiled-lexicon
 * cache's folder (the CLI passes `lexiconCacheDir(its environment)`), or null for none.
 */
export async function loadLexicons(paths: readonly string[] | undefined, cwd = process.cwd(), cacheDir: string | null = null): Promise<LoadedLexicon> {
  if (!paths || paths.length === 0 || (paths.length === 1 && paths[0] === DEFAULT_LEXICON_NAME)) return loadDefaultLexicon();
  return loadLexiconFiles(paths, cwd, cacheDir);
}
