/**
 * Lexicon files -> one compiled lexicon, without touching the disk: the caller (io/lexicon-files.ts)
 * reads each file and hands its text over through `read`; this walks `extends` (depth first, once
 * each, cycles reported), parses, merges and compiles, and throws a LexiconError with every
 * problem. Pure: paths are resolved as strings, texts are hashed so the caller can cache the result.
 */
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../text/paths.js';
import type { Lexicon } from '../types.js';
import type { CompiledLexicon } from './compile.js';
import { LexiconError, type LexiconProblem } from './errors.js';

/** The name that stands for the built-in lexicon, on the command line and in `extends`. */
export const DEFAULT_LEXICON_NAME = 'default';
/** How messages name the built-in lexicon's file. */
const DEFAULT_DISPLAY = 'lexicons/default.yaml';

/** A file a lexicon was read from and the sha256 of its text. */
export type Dependency = [file: string, sha256: string];

export function textDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A lexicon file as the caller read it: its text, or why it could not be read. */
export type LexiconText = { text: string } | { unreadable: string };

export interface AssembleOptions {
  /** The folder relative paths on the command line are resolved against, and messages are relative to. */
  cwd: string;
  /** The built-in lexicon's file (what `default` resolves to). */
  defaultPath: string;
  /** A file's text (absolute path in, called once per file). */
  read: (file: string) => LexiconText;
}

export interface AssembledLexicon {
  lexicon: Lexicon;
  compiled: CompiledLexicon;
  /** Every file read (what `paths` extend included), in the order read, with its text's digest. */
  deps: Dependency[];
}

/**
 * Lexicon files in order, each preceded by what it extends (depth first, once each).
 * `default` names the built-in lexicon. Throws a LexiconError with every problem.
 */
export async function assembleLexicon(paths: readonly string[], { cwd, defaultPath, read }: AssembleOptions): Promise<AssembledLexicon> {
  // Loaded on demand: a lexicon restored from a snapshot never needs the YAML parser.
  const { parseLexiconFile, mergeLexicons, sortProblems } = await import('./build.js');
  type Parsed = NonNullable<ReturnType<typeof parseLexiconFile>['parsed']>;
  const ordered: Parsed[] = [];
  const problems: LexiconProblem[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const deps: Dependency[] = [];

  const visit = (ref: string, base: string, from?: { file: string }) => {
    const file = ref === DEFAULT_LEXICON_NAME ? defaultPath : resolve(base, ref);
    if (done.has(file)) return;
    if (visiting.has(file)) {
      problems.push({ file: from?.file ?? file, line: 1, column: 1, code: 'extends-cycle', message: `"extends" forms a cycle through ${file}` });
      return;
    }
    visiting.add(file);
    const got = read(file);
    if ('unreadable' in got) {
      problems.push({ file: from?.file ?? file, line: 1, column: 1, code: 'unreadable', message: `cannot read lexicon ${file}: ${got.unreadable}` });
    } else {
      deps.push([file, textDigest(got.text)]);
      const display = ref === DEFAULT_LEXICON_NAME ? DEFAULT_DISPLAY : displayPath(file, cwd);
      const { parsed, problems: p } = parseLexiconFile(got.text, display);
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
  return { lexicon: merged.lexicon, compiled: merged.compiled, deps };
}
