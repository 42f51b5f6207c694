/**
 * One-way layers (docs/architecture.md): a module imports only from its own layer and the layers
 * below it. This reads every import of src/ (static, dynamic and type-only) and fails on one that
 * climbs. A new folder under src/ needs a line in LAYERS before its code can land.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

/**
 * The layers, lowest first, each with the layers it may import besides its own. `base` is the
 * shared types and small helpers; `analysis` is analyze.ts and examples.ts (scan + score of one
 * document); `api` is src/index.ts, the library's public face.
 */
const LAYERS: Record<string, readonly string[]> = {
  base: [],
  text: ['base'],
  lexicon: ['base', 'text'],
  scan: ['base', 'text', 'lexicon'],
  score: ['base'],
  analysis: ['base', 'text', 'lexicon', 'scan', 'score'],
  check: ['base'],
  // research is statistics over results, and evaluation of coded excerpts, which scans and scores them.
  research: ['base', 'text', 'lexicon', 'scan', 'score', 'analysis'],
  io: ['base', 'text', 'lexicon', 'scan', 'score', 'analysis', 'research'],
  report: ['base', 'analysis', 'check', 'research'],
  scale: ['base', 'analysis', 'io'],
  config: ['base', 'text', 'lexicon', 'check', 'io'],
  engine: ['base', 'text', 'lexicon', 'scan', 'score', 'analysis', 'check', 'research', 'io', 'report', 'scale', 'config'],
  cli: ['base', 'text', 'lexicon', 'scan', 'score', 'analysis', 'check', 'research', 'io', 'report', 'scale', 'config', 'engine'],
  // io for the lexicon loaders (io/lexicon-files.ts) only: the API's one disk edge.
  api: ['base', 'text', 'lexicon', 'scan', 'score', 'analysis', 'io'],
};

const BASE_FILES = new Set(['types.ts', 'fnv.ts', 'lazy.ts', 'version.ts', 'code-stamp.ts', 'parse-errors.ts', 'bounded-read.ts', 'atomic-write.ts', 'csv-safe.ts', 'terminal-safe.ts']);
const ANALYSIS_FILES = new Set(['analyze.ts', 'examples.ts']);

/** The layer of a module (a path relative to src/), or null when none is assigned. */
function layerOf(file: string): string | null {
  const [top, ...rest] = file.split('/');
  if (rest.length === 0) return BASE_FILES.has(top!) ? 'base' : ANALYSIS_FILES.has(top!) ? 'analysis' : top === 'index.ts' ? 'api' : null;
  return Object.hasOwn(LAYERS, top!) ? top! : null;
}

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Relative specifiers a module imports: `from '...'`, `import '...'`, `import('...')`. */
function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g)) out.push(m[1]!);
  return out;
}

interface Edge {
  from: string;
  to: string;
}

function edges(): Edge[] {
  return modules(SRC).flatMap((abs) => {
    const from = relative(SRC, abs);
    return importsOf(readFileSync(abs, 'utf8')).map((spec) => ({ from, to: relative(SRC, resolve(dirname(abs), spec)).replace(/\.js$/, '.ts') }));
  });
}

/** The edges that break the layering. */
function violations(all: readonly Edge[]): string[] {
  const bad: string[] = [];
  for (const { from, to } of all) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (a === null) bad.push(`${from}: no layer (add its folder to LAYERS in test/layers.test.ts)`);
    else if (b === null) bad.push(`${from} -> ${to}: no layer`);
    else if (a !== b && !LAYERS[a]!.includes(b)) bad.push(`${from} -> ${to}: ${a} may not import ${b}`);
    else if (a === 'api' && b === 'io' && to !== 'io/lexicon-files.ts') bad.push(`${from} -> ${to}: the API imports only the lexicon loaders from io`);
    if (from.startsWith('cli/commands/') && to.startsWith('cli/commands/')) bad.push(`${from} -> ${to}: a command imports another command (share it from cli/ or a lower layer)`);
  }
  return [...new Set(bad)];
}

/**
 * The pure core (docs/architecture.md) never touches the disk, the network, processes or the
 * terminal. Its modules may use these built-ins only: path and url helpers, hashing, and
 * createRequire for natural's submodules. No exception: the lexicon's disk edge (reading lexicon
 * files, the compiled-lexicon cache) is io/lexicon-files.ts and io/lexicon-cache.ts.
 */
const PURE_LAYERS = new Set(['text', 'lexicon', 'scan', 'score', 'analysis', 'check', 'research', 'report']);
const PURE_BUILTINS = new Set(['node:path', 'node:url', 'node:crypto', 'node:module']);
const IMPURE_CALLS = /\bprocess\.(?:exit|stdout|stderr|stdin|argv)\b|\bconsole\.[a-z]+\(/;

/** What makes a module of the pure core impure: a built-in outside PURE_BUILTINS, or I/O calls. */
function impurities(file: string, text: string): string[] {
  const layer = layerOf(file);
  if (layer === null || !PURE_LAYERS.has(layer)) return [];
  const bad: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)'(node:[a-z_/]+|fs|child_process|net|http|https|os|worker_threads)'/g)) if (!PURE_BUILTINS.has(m[1]!)) bad.push(`${file}: imports ${m[1]} (the pure core does no I/O)`);
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const call = IMPURE_CALLS.exec(code);
  if (call) bad.push(`${file}: ${call[0]} (the pure core does not print, read argv or exit)`);
  return bad;
}

describe('layers', () => {
  it('the import graph is read: every layer has modules, and the edges resolve to files', () => {
    const all = edges();
    expect(all.length).toBeGreaterThan(200);
    const present = new Set(modules(SRC).map((f) => layerOf(relative(SRC, f))));
    for (const layer of Object.keys(LAYERS)) expect(present, layer).toContain(layer);
    const files = new Set(modules(SRC).map((f) => relative(SRC, f)));
    expect(all.filter((e) => !files.has(e.to)).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('no module imports a higher layer, and no command imports another command', () => {
    expect(violations(edges())).toEqual([]);
  });

  it('the pure core (text, lexicon, scan, score, analysis, check, research, report) does no I/O', () => {
    expect(modules(SRC).flatMap((abs) => impurities(relative(SRC, abs), readFileSync(abs, 'utf8')))).toEqual([]);
    // and none of it imports io, where the disk is (the lexicon's files and cache included)
    const ioUsers = edges().filter((e) => PURE_LAYERS.has(layerOf(e.from) ?? '') && layerOf(e.to) === 'io');
    expect(ioUsers.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('the purity check itself catches a file read, a print and an exit in the core', () => {
    expect(impurities('scan/scan.ts', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(impurities('score/score.ts', 'export const f = () => console.log(1);')).toHaveLength(1);
    expect(impurities('report/csv.ts', 'if (x) process.exit(2);')).toHaveLength(1);
    expect(impurities('scan/scan.ts', "import { join } from 'node:path'; // console.log(x)")).toEqual([]);
    expect(impurities('io/files.ts', "import { readFileSync } from 'node:fs';")).toEqual([]);
    // src/lexicon has no disk edge any more: a file read in any of its modules is caught
    expect(impurities('lexicon/load.ts', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(impurities('lexicon/cache.ts', "import { homedir } from 'node:os';")).toHaveLength(1);
  });

  it('the check itself catches an import that climbs', () => {
    expect(violations([{ from: 'lexicon/compile.ts', to: 'scan/stem.ts' }])).toEqual(['lexicon/compile.ts -> scan/stem.ts: lexicon may not import scan']);
    expect(violations([{ from: 'io/pipeline.ts', to: 'report/index.ts' }])).toHaveLength(1);
    expect(violations([{ from: 'cli/commands/report.ts', to: 'cli/commands/scan.ts' }])).toHaveLength(1);
    expect(violations([{ from: 'newthing/x.ts', to: 'types.ts' }])).toHaveLength(1);
    expect(violations([{ from: 'index.ts', to: 'io/lexicon-files.ts' }])).toEqual([]);
    expect(violations([{ from: 'index.ts', to: 'io/pipeline.ts' }])).toHaveLength(1);
  });
});
