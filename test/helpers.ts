/** Test helpers: compile a lexicon from YAML text, run the CLI in-process. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { mergeLexicons, parseLexiconFile, sortProblems } from '../src/lexicon/build.js';
import type { CompiledLexicon } from '../src/lexicon/compile.js';
import type { LexiconProblem } from '../src/lexicon/errors.js';
import { main } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';

export function compileYaml(yaml: string, file = 'test.yaml'): CompiledLexicon {
  const { parsed, problems } = parseLexiconFile(yaml, file);
  if (!parsed || problems.length) throw new Error(problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`).join('\n'));
  const merged = mergeLexicons([parsed]);
  if (!merged.compiled) throw new Error(merged.problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`).join('\n'));
  return merged.compiled;
}

export function problemsOf(yaml: string, file = 'test.yaml'): LexiconProblem[] {
  const { parsed, problems } = parseLexiconFile(yaml, file);
  if (!parsed) return problems;
  return sortProblems([...problems, ...mergeLexicons([parsed]).problems]);
}

/** A lexicon with the given entries (YAML list items, already indented by two spaces). */
export function lexiconYaml(entries: string, settings = ''): string {
  return `harmlex: 1\nname: t\nversion: '1'\n${settings}entries:\n${entries}`;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], options: { cwd?: string; stdin?: string | Buffer; stdoutIsTTY?: boolean; env?: Record<string, string> } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from(options.stdin !== undefined ? [Buffer.from(options.stdin)] : []) as unknown as CliIO['stdin'];
  (stdin as { isTTY?: boolean }).isTTY = options.stdin === undefined;
  const io: CliIO = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    stdin,
    cwd: options.cwd ?? process.cwd(),
    env: { NO_COLOR: '1', HARMLEX_LEXICON_CACHE: 'off', ...options.env },
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'harmlex-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
