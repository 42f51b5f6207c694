/**
 * Config discovery and loading (reads the disk): the nearest `.harmlex.yaml`, `harmlex.config.yaml`
 * or package.json with a `harmlex` key, from a file's folder up to the repository root, never above
 * (the first found wins; configs do not cascade). Also builds the lexicon a config asks for: its `lexicons` over the default, plus
 * its `add` entries; and resolves `ignore` and `overrides` globs relative to the config's folder.
 */
import { existsSync, statSync } from 'node:fs';
import { readErrorReason, readTextFile } from '../bounded-read.js';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { stringify } from 'yaml';
import type { AllowRule } from '../check/findings.js';
import { mergeLexicons, parseLexiconFile, type ParsedLexiconFile } from '../lexicon/build.js';
import { LexiconError, type LexiconProblem } from '../lexicon/errors.js';
import { DEFAULT_LEXICON_NAME } from '../lexicon/assemble.js';
import { loadLexicons, type LoadedLexicon } from '../io/lexicon-files.js';
import { displayPath } from '../text/paths.js';
import { globToRegExp } from '../io/files.js';
import type { Severity } from '../types.js';
import { parseConfig, parsePackageJsonConfig, type HarmlexConfig } from './parse.js';

export const CONFIG_FILES = ['.harmlex.yaml', 'harmlex.config.yaml', 'package.json'] as const;

export interface LoadedConfig extends HarmlexConfig {
  /** Absolute path of the config file and its folder. */
  path: string;
  dir: string;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A config larger than this is refused. */
const MAX_CONFIG_SIZE = 4 * 1024 * 1024;

/** Read and validate one config file; throws LexiconError with every problem. */
export function loadConfigFile(path: string, cwd: string): LoadedConfig {
  const abs = resolve(cwd, path);
  const file = displayPath(abs, cwd);
  let text: string;
  try {
    text = readTextFile(abs, MAX_CONFIG_SIZE);
  } catch (e) {
    throw new LexiconError([{ file, line: 1, column: 1, code: 'unreadable', message: `cannot read config ${file}: ${readErrorReason(e)}` }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = abs.endsWith(`${sep}package.json`) || abs.endsWith('package.json') ? parsePackageJsonConfig(text, file) : parseConfig(text, file);
  if (!parsed) throw new LexiconError([{ file, line: 1, column: 1, code: 'no-config', message: 'package.json has no "harmlex" key' }]);
  if (!parsed.config) throw new LexiconError(parsed.problems);
  return { ...parsed.config, path: abs, dir: dirname(abs) };
}

/**
 * The folder a config search from `dir` stops at: the repository root (the nearest folder at or
 * above `dir` holding `.git`, a folder or a file as in submodules and worktrees); outside git, the
 * working folder when `dir` is inside it, else `dir` itself. A config above it is never read, so a
 * checkout cannot pick up (or be silenced by) a config its owner does not control (as ESLint never
 * reads a config above the project root).
 */
export class SearchRoots {
  private readonly gitRoots = new Map<string, string | null>();
  private readonly cwd: string;
  constructor(cwd: string) {
    this.cwd = resolve(cwd);
  }

  /** The nearest folder at or above `dir` holding `.git`, or null. */
  gitRoot(dir: string): string | null {
    const cached = this.gitRoots.get(dir);
    if (cached !== undefined) return cached;
    const parent = dirname(dir);
    const found = existsSync(join(dir, '.git')) ? dir : parent === dir ? null : this.gitRoot(parent);
    this.gitRoots.set(dir, found);
    return found;
  }

  rootFor(dir: string): string {
    const inCwd = dir === this.cwd || dir.startsWith(this.cwd.endsWith(sep) ? this.cwd : `${this.cwd}${sep}`);
    return this.gitRoot(dir) ?? (inCwd ? this.cwd : dir);
  }
}

/**
 * Finds the config of each folder, with a cache: the first config file found from the folder up to
 * its search root (`SearchRoots`); `undefined` when there is none.
 */
export class ConfigFinder {
  private readonly byDir = new Map<string, LoadedConfig | null>();
  readonly roots: SearchRoots;
  constructor(private readonly cwd: string) {
    this.roots = new SearchRoots(cwd);
  }

  forFile(file: string): LoadedConfig | undefined {
    return this.forDir(dirname(resolve(this.cwd, file))) ?? undefined;
  }

  /** The config for files in `dir` (an absolute folder). */
  forDir(dir: string): LoadedConfig | null {
    const cached = this.byDir.get(dir);
    if (cached !== undefined) return cached;
    // Every folder between `dir` and its root has the same root: the parent's answer can be reused.
    const found = this.own(dir) ?? (dir === this.roots.rootFor(dir) || dirname(dir) === dir ? null : this.forDir(dirname(dir)));
    this.byDir.set(dir, found);
    return found;
  }

  /** The config file in `dir` itself, if any. */
  private own(dir: string): LoadedConfig | null {
    for (const name of CONFIG_FILES) {
      const p = join(dir, name);
      if (!isFile(p)) continue;
      if (name === 'package.json') {
        let text = '';
        try {
          text = readTextFile(p, MAX_CONFIG_SIZE);
        } catch {
          continue;
        }
        // Only a top-level "harmlex" key makes package.json a config.
        if (!/"harmlex"\s*:/.test(text) || !parsePackageJsonConfig(text, p)) continue;
      }
      return loadConfigFile(p, this.cwd);
    }
    return null;
  }
}

/** Globs relative to the config folder (one without a `/` matches at any depth) -> the first that matches a path, or undefined. */
function globMatcher(globs: readonly string[]): (rel: string) => string | undefined {
  const res = globs.map((g) => {
    const clean = g.replace(/^\.\//, '').replace(/\/$/, '/**');
    return globToRegExp(clean.includes('/') ? clean.replace(/^\//, '') : `**/${clean}`);
  });
  return (rel) => globs[res.findIndex((re) => re.test(rel))];
}

export interface FileSettings {
  ignored: boolean;
  /** The `ignore` glob that matched, when ignored. */
  ignoredBy?: string;
  allow: AllowRule[];
  failOn?: Severity;
  /** The indexes of the overrides that apply, in order. */
  overrides: number[];
}

const matchers = new WeakMap<LoadedConfig, { ignore: (rel: string) => string | undefined; overrides: ((rel: string) => string | undefined)[] }>();

/** What a config says about one file. */
export function settingsFor(config: LoadedConfig, file: string): FileSettings {
  let m = matchers.get(config);
  if (!m) {
    m = { ignore: globMatcher(config.ignore), overrides: config.overrides.map((o) => globMatcher(o.files)) };
    matchers.set(config, m);
  }
  const rel = relative(config.dir, file).split(sep).join('/');
  const inside = !rel.startsWith('../');
  const ignoredBy = inside ? m.ignore(rel) : undefined;
  const settings: FileSettings = { ignored: ignoredBy !== undefined, ...(ignoredBy !== undefined ? { ignoredBy } : {}), allow: [...config.allow], overrides: [], ...(config.failOn ? { failOn: config.failOn } : {}) };
  if (inside) {
    config.overrides.forEach((o, i) => {
      if (m!.overrides[i]!(rel) === undefined) return;
      settings.overrides.push(i);
      settings.allow.push(...o.allow);
      if (o.failOn) settings.failOn = o.failOn;
    });
  }
  return settings;
}

/** The lexicon paths a config asks for (absolute), or undefined for "the default". */
export function configLexiconPaths(config: LoadedConfig | undefined, cliLexicons: readonly string[] | undefined, cwd: string): string[] | undefined {
  if (cliLexicons?.length) return cliLexicons.map((p) => (p === DEFAULT_LEXICON_NAME ? p : resolve(cwd, p)));
  if (!config || config.lexicons.length === 0) return undefined;
  const own = config.lexicons.map((p) => (p === DEFAULT_LEXICON_NAME ? p : resolve(config.dir, p)));
  return config.replaceDefault || own.includes(DEFAULT_LEXICON_NAME) ? own : [DEFAULT_LEXICON_NAME, ...own];
}

/** Load lexicons and merge a config's `add` entries over them. Throws LexiconError. */
export async function loadConfigLexicon(config: LoadedConfig | undefined, cliLexicons: readonly string[] | undefined, cwd: string, cacheDir: string | null = null): Promise<LoadedLexicon> {
  const base = await loadLexicons(configLexiconPaths(config, cliLexicons, cwd), cwd, cacheDir);
  if (!config || config.add.length === 0) return base;
  const synthetic = stringify({ harmlex: 1, name: base.lexicon.name, version: base.lexicon.version, entries: config.add });
  const { parsed, problems } = parseLexiconFile(synthetic, config.file);
  // Positions in the synthetic text mean nothing to the user: point at the entry in the config.
  const entryAt = (id: string | undefined) => {
    const i = config.add.findIndex((e) => e.id === id);
    return config.positions.get(i >= 0 ? `add.${i}` : 'add') ?? { line: 1, column: 1 };
  };
  const remap = (p: LexiconProblem): LexiconProblem => (p.file === config.file ? { ...p, ...entryAt(p.entry) } : p);
  // (Every problem counts: an `add:` pattern the linear-time engine cannot run is an error, not a silent no-op.)
  if (!parsed || problems.length) throw new LexiconError(problems.map(remap));
  const baseFile: ParsedLexiconFile = {
    file: base.lexicon.files[base.lexicon.files.length - 1] ?? 'default',
    name: base.lexicon.name,
    version: base.lexicon.version,
    extends: [],
    settings: base.lexicon.settings,
    entries: base.lexicon.entries,
    termPositions: new Map(),
    // Already merged: their negation is resolved.
    explicitNegation: new Set(base.lexicon.entries),
  };
  for (const e of parsed.entries) e.origin = { file: config.file, ...entryAt(e.id) };
  const merged = mergeLexicons([baseFile, { ...parsed, name: base.lexicon.name, version: base.lexicon.version }]);
  if (!merged.lexicon || !merged.compiled) throw new LexiconError(merged.problems.map(remap));
  merged.lexicon.files = [...base.lexicon.files, config.file];
  return { lexicon: merged.lexicon, compiled: merged.compiled, files: [...(base.files ?? []), config.path] };
}

/** Allow rules naming entries the lexicon does not have: config problems. */
export function unknownAllowEntries(config: LoadedConfig, lexicon: LoadedLexicon['lexicon']): LexiconProblem[] {
  const ids = new Set(lexicon.entries.map((e) => e.id));
  const out: LexiconProblem[] = [];
  const check = (list: AllowRule[], base: string) =>
    list.forEach((r, i) => {
      if (r.entry !== undefined && !ids.has(r.entry)) {
        const pos = config.positions.get(`${base}.${i}.entry`) ?? { line: 1, column: 1 };
        out.push({ file: config.file, ...pos, code: 'unknown-entry', message: `"${base}.${i}.entry": the lexicon has no entry "${r.entry}"` });
      }
    });
  check(config.allow, 'allow');
  config.overrides.forEach((o, i) => check(o.allow, `overrides.${i}.allow`));
  return out;
}
