/**
 * Lexicons from disk (with cache.ts, the only files in lexicon/ that touch it): resolves `extends`,
 * reads YAML, and returns a compiled lexicon or throws a LexiconError with every problem. A user
 * lexicon unchanged since an earlier run comes from the compiled-lexicon cache. The built-in
 * lexicon is restored from the snapshot that the build validated, compiled and wrote
 * (dist/default-lexicon.json), so a default run never loads the YAML parser; the YAML is the
 * fallback when running from source.
 */
import { readFileSync } from 'node:fs';
import { readErrorReason, readTextFile } from '../bounded-read.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPath } from '../text/paths.js';
import type { Lexicon } from '../types.js';
import type { CompiledLexicon } from './compile.js';
import { cachedDependencies, readCachedLexicon, textDigest, writeCachedLexicon, type Dependency } from './cache.js';
import { LexiconError, type LexiconProblem } from './errors.js';
import { readSnapshotFile, restoreSnapshotBody, type SnapshotFile } from './snapshot.js';

export const DEFAULT_LEXICON_NAME = 'default';
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
    const compiled = restoreSnapshotBody(file);
    embedded = { lexicon: compiled.lexicon, compiled, files: [DEFAULT_LEXICON_PATH] };
  } else {
    embedded = await loadLexiconFiles([DEFAULT_LEXICON_PATH], process.cwd(), null);
  }
  return embedded;
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

function readText(file: string, from?: { file: string }): { text?: string; problem?: LexiconProblem } {
  try {
    return { text: readTextOrThrow(file) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EISDIR' ? 'is a directory' : readErrorReason(err);
    return { problem: { file: from?.file ?? file, line: 1, column: 1, code: 'unreadable', message: `cannot read lexicon ${file}: ${why}` } };
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
  const { parseLexiconFile, mergeLexicons, sortProblems } = await import('./build.js');
  type Parsed = NonNullable<ReturnType<typeof parseLexiconFile>['parsed']>;
  const ordered: Parsed[] = [];
  const problems: LexiconProblem[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const deps: Dependency[] = [];

  const visit = (ref: string, base: string, from?: { file: string }) => {
    const file = ref === DEFAULT_LEXICON_NAME ? DEFAULT_LEXICON_PATH : resolve(base, ref);
    if (done.has(file)) return;
    if (visiting.has(file)) {
      problems.push({ file: from?.file ?? file, line: 1, column: 1, code: 'extends-cycle', message: `"extends" forms a cycle through ${file}` });
      return;
    }
    visiting.add(file);
    const { text, problem } = readText(file, from);
    if (problem || text === undefined) {
      if (problem) problems.push(problem);
    } else {
      deps.push([file, textDigest(text)]);
      const display = ref === DEFAULT_LEXICON_NAME ? 'lexicons/default.yaml' : displayPath(file, cwd);
      const { parsed, problems: p } = parseLexiconFile(text, display);
      problems.push(...p);
      if (parsed) {
        for (const ext of parsed.extends) visit(ext, dirname(file), { file: display });
        ordered.push(parsed);
      }
    }
    visiting.delete(file);
    done.add(file);
  };
  for (const p of paths) visit(p, cwd);
  // Merge even after problems, so duplicate terms are reported along with everything else.
  const merged = mergeLexicons(ordered);
  problems.push(...merged.problems);
  if (problems.length || !merged.lexicon || !merged.compiled) throw new LexiconError(sortProblems(problems));
  if (cacheDir !== null) writeCachedLexicon(cacheDir, named, cwd, merged.compiled, deps);
  return { lexicon: merged.lexicon, compiled: merged.compiled, files: deps.map(([f]) => f) };
}

/**
 * The lexicons named on the command line, or the built-in one. `cacheDir`: the compiled-lexicon
 * cache's folder (the CLI passes `lexiconCacheDir(its environment)`), or null for none.
 */
export async function loadLexicons(paths: readonly string[] | undefined, cwd = process.cwd(), cacheDir: string | null = null): Promise<LoadedLexicon> {
  if (!paths || paths.length === 0 || (paths.length === 1 && paths[0] === DEFAULT_LEXICON_NAME)) return loadDefaultLexicon();
  return loadLexiconFiles(paths, cwd, cacheDir);
}
