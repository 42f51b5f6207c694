/**
 * The compiled-lexicon cache: a user lexicon (with everything it extends) compiled once and kept on
 * disk as a snapshot file (see lexicon/snapshot.ts), so the next run with the same files skips YAML
 * parsing, validation and compiling (seconds for a lexicon of a few thousand entries) and restores
 * the trie lazily, as the built-in lexicon is. An entry is used only when every file it was made
 * from still has the same content, and when it was made by the same compiler code; anything else
 * compiles afresh and replaces it. Only lexicons that loaded without problems are cached, so error
 * messages always come from a real parse. The cache holds lexicons only, never document text.
 *
 * Location: $HARMLEX_LEXICON_CACHE (a folder, or `off`), else $XDG_CACHE_HOME/harmlex/lexicons,
 * else ~/.cache/harmlex/lexicons. Failing to read or write it is never an error: the run compiles.
 */
import { mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { readRegularFile } from '../bounded-read.js';
import { writeOutputFile } from '../atomic-write.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { codeStamp } from '../code-stamp.js';
import { textDigest, type Dependency } from '../lexicon/assemble.js';
import type { CompiledLexicon } from '../lexicon/compile.js';
import { readSnapshotFile, restoreSnapshotBody, snapshotFileFrom, snapshotFileText, snapshotOf, type SnapshotFile } from '../lexicon/snapshot.js';

/** Entries kept; the oldest beyond this are removed when one is written. */
const MAX_ENTRIES = 32;

export function lexiconCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const set = env.HARMLEX_LEXICON_CACHE;
  if (set !== undefined) return set === '' || set === 'off' || set === '0' ? null : set;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'harmlex', 'lexicons');
}

/**
 * The compiler code's fingerprint: the modules of src/lexicon, the files that read lexicons and
 * keep this cache (this module and lexicon-files.ts), the text helpers terms are normalized with
 * and the shared types validation checks against (the categories, principles and severities it
 * accepts). Any change to how lexicons load, compile or validate makes old entries unusable.
 */
function compilerStamp(): string {
  return codeStamp(['lexicon', 'io/lexicon-files', 'io/lexicon-cache', 'text/words', 'text/stem', 'types']);
}

/** The entry's file: named by the lexicon paths as given (resolved) and the folder messages are relative to. */
function entryFile(dir: string, paths: readonly string[], cwd: string): string {
  return join(dir, `${textDigest(JSON.stringify([compilerStamp(), cwd, paths])).slice(0, 32)}.json`);
}

/** Snapshot files of lexicons restored from the cache (worker threads restore from the same text). */
const restoredFrom = new WeakMap<CompiledLexicon, SnapshotFile>();

export function cachedSnapshotText(compiled: CompiledLexicon): string | undefined {
  const file = restoredFrom.get(compiled);
  return file && snapshotFileFrom(file);
}

/** The files a lexicon restored from the cache was made from. */
export function cachedDependencies(compiled: CompiledLexicon): string[] {
  const deps = restoredFrom.get(compiled)?.header.deps as Dependency[] | undefined;
  return Array.isArray(deps) ? deps.map(([f]) => f) : [];
}

/** The cached lexicon for these paths, if every file it was made from is unchanged; else null. */
export function readCachedLexicon(dir: string, paths: readonly string[], cwd: string, readFile: (file: string) => string): CompiledLexicon | null {
  try {
    const file = readSnapshotFile(readRegularFile(entryFile(dir, paths, cwd), 256 * 1024 * 1024));
    const deps = file?.header.deps as Dependency[] | undefined;
    if (!file || !Array.isArray(deps) || file.header.stamp !== compilerStamp()) return null;
    for (const [dep, sha] of deps) if (textDigest(readFile(dep)) !== sha) return null;
    const compiled = restoreSnapshotBody(file);
    restoredFrom.set(compiled, file);
    return compiled;
  } catch {
    return null; // no entry, an unreadable one, or a dependency gone: compile
  }
}

/** Keep a freshly compiled lexicon (best effort: a cache that cannot be written is skipped). */
export function writeCachedLexicon(dir: string, paths: readonly string[], cwd: string, compiled: CompiledLexicon, deps: readonly Dependency[]): void {
  try {
    mkdirSync(dir, { recursive: true });
    const file = entryFile(dir, paths, cwd);
    // Written whole, then renamed: a run reading the cache meanwhile sees the old entry or the new one.
    writeOutputFile(file, snapshotFileText(snapshotOf(compiled), { stamp: compilerStamp(), deps }));
    prune(dir);
  } catch {
    // read-only home, full disk, ...: the next run compiles again
  }
}

function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(MAX_ENTRIES)) unlinkSync(join(dir, f));
}
