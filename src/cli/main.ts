/**
 * The command line: argv in, exit code out. The only place that knows argv, TTYs and exit codes;
 * bin/harmlex.js calls main() and sets process.exitCode.
 */
import { Command, CommanderError } from 'commander';
import { toolVersion } from '../version.js';
import { RunError } from '../engine/env.js';
import { CliError, EXIT_ERROR, EXIT_OK } from './errors.js';
import { processIO, type CliIO } from './io.js';
import { terminalSafe } from '../terminal-safe.js';
import { abortPendingOutputs, describeErrno, OutputError } from '../atomic-write.js';

type Registrar = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

/**
 * Each command's module, loaded only when that command runs (or for help): a scan does not pay
 * for the YAML parser, the HTML report or the REFI-QDA writer at start-up.
 */
const COMMANDS: Record<string, () => Promise<Registrar>> = {
  scan: async () => (await import('./commands/scan.js')).registerScan,
  check: async () => (await import('./commands/check.js')).registerCheck,
  lexicon: async () => (await import('./commands/lexicon.js')).registerLexicon,
  explain: async () => (await import('./commands/explain.js')).registerExplain,
  summarize: async () => (await import('./commands/summarize.js')).registerSummarize,
  report: async () => (await import('./commands/report.js')).registerReport,
  agree: async () => (await import('./commands/agree.js')).registerAgree,
  eval: async () => (await import('./commands/eval.js')).registerEval,
  sample: async () => (await import('./commands/sample.js')).registerSample,
  'export-qdpx': async () => (await import('./commands/export-qdpx.js')).registerExportQdpx,
};

/** Words people type for a `lexicon` subcommand, as if it were a command of its own (`harmlex init`). */
const SUBCOMMAND_HINTS: Record<string, string> = {
  init: 'lexicon init',
  validate: 'lexicon validate',
  list: 'lexicon list',
  test: 'lexicon test',
  suggest: 'lexicon suggest',
  lint: 'check',
  score: 'scan',
};

/** The hint for an unknown first word that names a subcommand elsewhere, or null. */
export function commandHint(argv: readonly string[]): string | null {
  const first = argv[0];
  if (first === undefined || first.startsWith('-') || Object.hasOwn(COMMANDS, first)) return null;
  return Object.hasOwn(SUBCOMMAND_HINTS, first) ? `harmlex: unknown command '${first}'. Did you mean 'harmlex ${SUBCOMMAND_HINTS[first]}'?\n` : null;
}

/** The command named by argv (its first word that is not an option), if it is one of ours. */
function commandOf(argv: readonly string[]): string | null {
  const first = argv.find((a) => !a.startsWith('-'));
  return first !== undefined && Object.hasOwn(COMMANDS, first) && argv[0] === first ? first : null;
}

/** The program with every command, or with only `only` (the one about to run). */
export async function buildProgram(io: CliIO, setExit: (code: number) => void, only: string | null = null): Promise<Command> {
  const program = new Command();
  program
    .name('harmlex')
    .description('Stigmatizing language and relational harm reduction in transcripts and clinical notes: scores, continuum placement and evidence.')
    .version(toolVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    });
  const names = only ? [only] : Object.keys(COMMANDS);
  const registrars = await Promise.all(names.map((n) => COMMANDS[n]!()));
  for (const register of registrars) register(program, io, setExit);
  for (const c of program.commands) {
    c.exitOverride();
    c.showSuggestionAfterError(true);
  }
  return program;
}

/**
 * While a run writes files, Ctrl-C (SIGINT) and SIGTERM remove its temporary files, say so, and end
 * the process with 130 or 143; the files it was replacing stay as they were (atomic-write.ts).
 */
function onSignals(io: CliIO): () => void {
  const handler = (signal: NodeJS.Signals) => {
    const left = abortPendingOutputs();
    io.stderr.write(`harmlex: interrupted (${signal})${left.length ? `; ${left.join(', ')} left as ${left.length === 1 ? 'it was' : 'they were'}` : ''}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** A system error (ENOSPC, EACCES, EPIPE...): its code and, where known, the path. */
function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  const err = e as NodeJS.ErrnoException;
  return !!err && typeof err.code === 'string' && /^E[A-Z0-9]+$/.test(err.code) && (typeof err.syscall === 'string' || typeof err.errno === 'number');
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let code = EXIT_OK;
  const hint = commandHint(argv);
  if (hint) {
    io.stderr.write(hint);
    return EXIT_ERROR;
  }
  const offSignals = io.stdout === process.stdout ? onSignals(io) : () => undefined;
  try {
    const program = await buildProgram(io, (c) => (code = c), commandOf(argv));
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other commander error is a usage error.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT_ERROR;
      return EXIT_ERROR;
    }
    const left = abortPendingOutputs();
    const kept = left.length ? ` (${left.join(', ')} left as ${left.length === 1 ? 'it was' : 'they were'})` : '';
    if (e instanceof CliError) {
      io.stderr.write(`harmlex: ${terminalSafe(e.message, true)}${kept}\n`);
      return e.exitCode;
    }
    if (e instanceof RunError || e instanceof OutputError) {
      io.stderr.write(`harmlex: ${terminalSafe(e.message, true)}\n`);
      return EXIT_ERROR;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && err.code === 'EPIPE') return code; // the reader went away (| head): not our failure
    if (isSystemError(err)) {
      // An I/O error is the system's answer, not a bug: no stack trace.
      io.stderr.write(`harmlex: ${err.path ? `${err.path}: ` : ''}${describeErrno(err)}${err.syscall ? ` (${err.syscall})` : ''}${kept}\n`);
      return EXIT_ERROR;
    }
    io.stderr.write(`harmlex: internal error: ${(e as Error | undefined)?.stack ?? String(e)}${kept}\nPlease report this with the command that caused it.\n`);
    return EXIT_ERROR;
  } finally {
    abortPendingOutputs();
    offSignals();
  }
}
