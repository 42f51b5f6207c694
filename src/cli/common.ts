/** Option parsers and helpers shared by the commands. */
import { InvalidArgumentError } from 'commander';
import { terminalSafe } from '../terminal-safe.js';
import { LexiconError, formatProblem } from '../lexicon/errors.js';
import { loadLexicons, type LoadedLexicon } from '../io/lexicon-files.js';
import { lexiconCacheDir } from '../io/lexicon-cache.js';
import { CliError } from './errors.js';
import type { CliIO } from './io.js';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** "txt,md" or repeated flags -> ["txt", "md"]. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim().replace(/^\./, '')).filter(Boolean)];
}

/** Names, repeatable and comma-separated (`--speaker A,B --speaker C`); never variadic, so a name never swallows a path. */
export function collectNames(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** "100MB", "512k", "2g", "1000" -> bytes. */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 500KB, 100MB or 1GB');
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

export function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of 0 or more');
  return n;
}

/** Load lexicons, turning problems into a CLI error that prints every one of them. */
export async function loadLexiconsOrFail(paths: string[] | undefined, io: CliIO): Promise<LoadedLexicon> {
  try {
    return await loadLexicons(paths, io.cwd, lexiconCacheDir(io.env));
  } catch (e) {
    if (e instanceof LexiconError) {
      const n = e.problems.length;
      throw new CliError(`${e.problems.map(formatProblem).join('\n')}\n${n} problem${n === 1 ? '' : 's'} in the lexicon; nothing was scanned`);
    }
    throw e;
  }
}

export function warn(io: CliIO, message: string): void {
  io.stderr.write(`harmlex: ${terminalSafe(message, true)}\n`);
}
