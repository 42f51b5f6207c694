/**
 * Coded excerpts from disk (`harmlex eval`, `harmlex lexicon suggest`): the format is chosen by
 * extension (.jsonl / .ndjson, .csv, .qdpx / .qde); a folder is read for its .jsonl files
 * (recursively, in path order), as the development corpus fixtures/corpus is laid out. Parsing is
 * research/coded.ts; here only reading. Problems carry file:line; any problem that is not a warning
 * makes the read fail with all of them listed, so a coding error never silently shrinks the figures.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { describeCsvError } from '../parse-errors.js';
import { DEFAULT_MAX_FILE_SIZE, readRegularFile } from '../bounded-read.js';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { codedLine, parseCodedCsv, parseCodedJsonl, parseQde, type CodedExcerpt, type CodedParse, type CodedProblem } from '../research/coded.js';
import { isZip, listZip, readZipEntry } from './readers/zip.js';

export class CodedFileError extends Error {
  constructor(readonly problems: CodedProblem[]) {
    super(problems.map(formatCodedProblem).join('\n'));
  }
}

export function formatCodedProblem(p: CodedProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}

export interface ReadCodedOptions {
  /** Paths in messages are relative to this folder (default: the process's). */
  cwd?: string;
  /** Folders or files holding the texts of a CSV's excerpts (named by id, with or without .txt/.md). */
  docs?: string[];
  /** Problems that do not stop the read (codes that are not compared). */
  onWarning?: (p: CodedProblem) => void;
}

/** Unzipped files of a project are bounded: a .qdpx is a zip and may claim any size. */
const MAX_ENTRY = 256 * 1024 * 1024;

/** Problems that only inform: the rest are errors. */
function isWarning(p: CodedProblem): boolean {
  return p.message.startsWith('codes not compared');
}

function textFinder(csvFile: string, docs: readonly string[], cwd: string): (id: string) => string | undefined {
  const folders = docs.length ? docs.map((d) => resolve(cwd, d)) : [dirname(csvFile), join(dirname(csvFile), 'docs')];
  return (id: string) => {
    if (id.includes('..') || id.startsWith('/') || id.includes('\\')) return undefined;
    for (const folder of folders) {
      for (const name of [id, `${id}.txt`, `${id}.md`]) {
        const f = join(folder, name);
        try {
          if (statSync(f).isFile()) return readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
        } catch {
          // not here
        }
      }
    }
    return undefined;
  };
}

function jsonlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...jsonlFiles(p));
    else if (e.isFile() && /\.(jsonl|ndjson)$/i.test(e.name)) out.push(p);
  }
  return out;
}

function parseOne(file: string, display: string, opts: ReadCodedOptions, cwd: string): CodedParse {
  const ext = extname(file).toLowerCase();
  const bytes = readRegularFile(file, DEFAULT_MAX_FILE_SIZE);
  if (ext === '.jsonl' || ext === '.ndjson') return parseCodedJsonl(bytes.toString('utf8'), display);
  if (ext === '.csv') {
    let rows: Record<string, string>[];
    try {
      rows = parse(bytes, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
    } catch (e) {
      const err = e as Error & { lines?: number };
      return { excerpts: [], problems: [{ file: display, line: err.lines ?? 0, message: describeCsvError(err) }] };
    }
    return parseCodedCsv(rows, display, textFinder(file, opts.docs ?? [], cwd));
  }
  if (ext === '.qde') return parseQde(bytes.toString('utf8'), display, (p) => {
    const f = resolve(dirname(file), 'sources', basename(p));
    return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
  });
  if (ext === '.qdpx') {
    if (!isZip(bytes)) return { excerpts: [], problems: [{ file: display, line: 0, message: 'not a REFI-QDA project (.qdpx is a zip archive)' }] };
    const entries = listZip(bytes);
    const qde = entries.find((e) => /(^|\/)[^/]+\.qde$/i.test(e.name));
    if (!qde) return { excerpts: [], problems: [{ file: display, line: 0, message: 'no project.qde in the archive' }] };
    const read = (name: string) => {
      const e = entries.find((x) => x.name === name);
      return e ? Buffer.from(readZipEntry(bytes, e, MAX_ENTRY)).toString('utf8').replace(/^\uFEFF/, '') : undefined;
    };
    return parseQde(read(qde.name)!, `${display}:${qde.name}`, (p) => read(`sources/${p}`) ?? read(p));
  }
  return { excerpts: [], problems: [{ file: display, line: 0, message: `unknown coded-excerpt format "${ext || 'no extension'}" (use .jsonl, .csv or .qdpx)` }] };
}

/** Read one coded file (or a folder of .jsonl files). Throws CodedFileError listing every problem. */
export async function readCodedFile(path: string, opts: ReadCodedOptions = {}): Promise<CodedExcerpt[]> {
  const cwd = opts.cwd ?? process.cwd();
  const abs = resolve(cwd, path);
  const show = (f: string) => {
    const r = relative(cwd, f);
    return r && !r.startsWith('..') ? r : f;
  };
  let files: string[];
  try {
    files = statSync(abs).isDirectory() ? jsonlFiles(abs) : [abs];
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CodedFileError([{ file: path, line: 0, message: code === 'ENOENT' ? 'no such file' : (e as Error).message }]);
  }
  if (files.length === 0) throw new CodedFileError([{ file: path, line: 0, message: 'no .jsonl files in this folder' }]);
  const excerpts: CodedExcerpt[] = [];
  const errors: CodedProblem[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    let r: CodedParse;
    try {
      r = parseOne(f, show(f), opts, cwd);
    } catch (e) {
      r = { excerpts: [], problems: [{ file: show(f), line: 0, message: (e as Error).message }] };
    }
    for (const p of r.problems) {
      if (isWarning(p)) opts.onWarning?.(p);
      else errors.push(p);
    }
    for (const x of r.excerpts) {
      const first = seen.get(x.id);
      if (first !== undefined) {
        errors.push({ file: show(f), line: codedLine(x), message: `id "${x.id}" is also in ${first}` });
        continue;
      }
      seen.set(x.id, codedLine(x) ? `${show(f)}:${codedLine(x)}` : show(f));
      excerpts.push(x);
    }
  }
  if (errors.length) throw new CodedFileError(errors);
  return excerpts;
}
