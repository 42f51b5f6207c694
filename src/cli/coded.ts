/**
 * Coded excerpts from the files a command was given (`eval`, `lexicon suggest`): read through
 * io/coded.ts, warnings on stderr, an id given twice across files refused, and any problem a
 * CliError that says what was not done.
 */
import { codedLine, type CodedExcerpt } from '../research/coded.js';
import { warn } from './common.js';
import { CliError } from './errors.js';
import type { CliIO } from './io.js';

export async function readCodedOrFail(paths: readonly string[], opts: { docs?: string[] }, io: CliIO, notDone: string): Promise<CodedExcerpt[]> {
  // Loaded here, not at start-up: commands that read no coded excerpts do not pay for csv-parse.
  const { CodedFileError, formatCodedProblem, readCodedFile } = await import('../io/coded.js');
  const out: CodedExcerpt[] = [];
  const seen = new Map<string, string>();
  for (const p of paths) {
    let read: CodedExcerpt[];
    try {
      read = await readCodedFile(p, { cwd: io.cwd, docs: opts.docs, onWarning: (w) => warn(io, formatCodedProblem(w)) });
    } catch (e) {
      if (e instanceof CodedFileError) {
        const n = e.problems.length;
        throw new CliError(`${e.message}\n${n} problem${n === 1 ? '' : 's'} in the coded excerpts; ${notDone}`);
      }
      throw e;
    }
    for (const x of read) {
      const at = codedLine(x) ? `${p}:${codedLine(x)}` : p;
      if (seen.has(x.id)) throw new CliError(`${at}: id "${x.id}" is also in ${seen.get(x.id)}`);
      seen.set(x.id, at);
      out.push(x);
    }
  }
  return out;
}
