/**
 * Command-line paths -> the list of input files, in a deterministic order: files as given,
 * directories walked recursively (sorted, symlinked folders followed once, loops cut), globs
 * expanded. Problems (a missing path, an unreadable folder) are returned as data, never thrown.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { resolve, sep } from 'node:path';
import { specialKind } from '../bounded-read.js';

/** The extensions `scan` picks up from folders and globs: the formats of io/readers/index.ts `DOCUMENT_READERS`, and Markdown as text. */
export const DOCUMENT_EXTENSIONS = ['txt', 'md', 'csv', 'tsv', 'jsonl', 'docx', 'vtt'];

export interface InputFile {
  path: string;
  /** Given on the command line (not found by walking a folder or a glob). */
  explicit: boolean;
  /** Set when the path cannot be read at all (missing, unreadable folder): a skip, in input order. */
  problem?: string;
}

export interface InputProblem {
  path: string;
  reason: string;
}

export interface ExpandOptions {
  /** Extensions (without dot, lower case) picked up from folders and globs. */
  extensions: readonly string[];
  cwd?: string;
}

const GLOB_CHARS = /[*?[{]/;

/** A glob -> RegExp over `/`-separated relative paths. Supports `*`, `**`, `?`, `[...]`, `{a,b}`. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      inBraces++;
      re += '(?:';
    } else if (c === '}' && inBraces) {
      inBraces--;
      re += ')';
    } else if (c === ',' && inBraces) re += '|';
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function hasGlobChars(p: string): boolean {
  return GLOB_CHARS.test(p);
}

/** Walk a folder: files sorted by name, folders after files; each real folder visited once. */
function walk(dir: string, onFile: (p: string) => void, problems: InputProblem[], seen: Set<string>, wanted: (p: string) => boolean = () => true): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    problems.push({ path: dir, reason: (e as Error).message });
    return;
  }
  if (seen.has(real)) return; // a symlink loop, or a folder reached twice
  seen.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    problems.push({ path: dir, reason: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return;
  }
  const dirs: string[] = [];
  for (const entry of entries) {
    const name = entry.name;
    if (name === 'node_modules' || name === '.git') continue;
    // (`dir` is absolute and normalized, and a name has no separator: no need for `join`.)
    const p = dir.endsWith(sep) ? dir + name : dir + sep + name;
    // The folder listing says what most entries are; only links (and file systems that do not say) cost a stat.
    if (entry.isFile()) onFile(p);
    else if (entry.isDirectory()) dirs.push(p);
    else {
      let st;
      try {
        st = statSync(p);
      } catch (e) {
        // A dangling symbolic link (or one that cannot be followed) among the inputs: a skip, with its reason.
        if (wanted(p)) problems.push({ path: p, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'a dangling symbolic link (its target does not exist)' : `cannot follow: ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
        continue;
      }
      if (st.isDirectory()) dirs.push(p);
      else if (st.isFile()) onFile(p);
      else if (wanted(p)) problems.push({ path: p, reason: `is ${specialKind(st) ?? 'not a regular file'}; not read` });
    }
  }
  for (const d of dirs) walk(d, onFile, problems, seen, wanted);
}

export function extensionOf(p: string): string {
  const base = p.slice(p.lastIndexOf(sep) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * Expand paths into files in input order. Paths that cannot be read become entries with a
 * `problem`, at their place in the order, so every input is accounted for.
 */
export function expandPaths(paths: readonly string[], options: ExpandOptions): { files: InputFile[]; unmatchedGlobs: string[] } {
  const cwd = options.cwd ?? process.cwd();
  const exts = new Set(options.extensions.map((e) => e.replace(/^\./, '').toLowerCase()));
  const files: InputFile[] = [];
  const problems: InputProblem[] = [];
  // Folder problems found while walking are placed where the walk met them.
  const flushProblems = () => {
    for (const p of problems.splice(0)) files.push({ path: resolve(cwd, p.path), explicit: false, problem: p.reason });
  };
  const unmatchedGlobs: string[] = [];
  const taken = new Set<string>();
  // Paths from a folder walk are absolute and normalized already (resolve took a few µs a file).
  const add = (p: string, explicit: boolean, walked = false) => {
    const abs = walked ? p : resolve(cwd, p);
    if (taken.has(abs)) return;
    taken.add(abs);
    files.push({ path: abs, explicit });
  };
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      st = undefined;
    }
    const wantedExt = (f: string) => exts.has(extensionOf(f));
    if (st?.isFile()) add(abs, true);
    else if (st?.isDirectory()) walk(abs, (f) => (flushProblems(), wantedExt(f) && add(f, false, true)), problems, new Set(), wantedExt);
    else if (st) problems.push({ path: p, reason: `is ${specialKind(st) ?? 'not a regular file'}; not read` });
    else if (hasGlobChars(p)) {
      // The static part of the glob is where the walk starts.
      const parts = p.split('/');
      const firstGlob = parts.findIndex((s) => hasGlobChars(s));
      const base = resolve(cwd, parts.slice(0, firstGlob).join('/') || '.');
      const re = globToRegExp(parts.slice(firstGlob).join('/'));
      const before = files.length;
      walk(
        base,
        (f) => {
          const rel = f.slice(base.length + 1).split(sep).join('/');
          if (re.test(rel)) add(f, false, true);
        },
        problems,
        new Set(),
        (f) => re.test(f.slice(base.length + 1).split(sep).join('/')),
      );
      if (files.length === before) unmatchedGlobs.push(p);
    } else problems.push({ path: p, reason: 'no such file or folder' });
    flushProblems();
  }
  return { files, unmatchedGlobs };
}
