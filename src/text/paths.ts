/** Paths as messages and document ids show them. Pure string work: the caller says what the working directory is. */
import { resolve, sep } from 'node:path';

/** A `.` or `..` segment of a path (a folder named `.cache` is not one). */
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

/** Paths in messages and ids: relative to the working directory `cwd` when inside it. */
export function displayPath(file: string, cwd: string): string {
  // A normalized absolute path (as a folder walk makes them) needs no resolve: this runs for every input file.
  const abs = sep === '/' && file.startsWith('/') && !file.includes('//') && !file.endsWith('/') && !DOT_SEGMENT.test(file) ? file : resolve(cwd, file);
  const root = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return abs.startsWith(root) ? abs.slice(root.length) : abs;
}
