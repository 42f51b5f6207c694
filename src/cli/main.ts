/**
 * The command line: argv in, exit code out. The only place that knows argv, TTYs and exit codes;
 * bin/harmlex.js calls main() and sets process.exitCode.
 */
import { Command, CommanderError } from 'commander';
import { toolVersion } from '../version.js';
import { registerCheck } from './commands/check.js';
import { registerExplain } from './commands/explain.js';
import { registerLexicon } from './commands/lexicon.js';
import { registerScan } from './commands/scan.js';
import { registerAgree } from './commands/agree.js';
import { registerExportQdpx } from './commands/export-qdpx.js';
import { registerReport } from './commands/report.js';
import { registerSample } from './commands/sample.js';
import { registerSummarize } from './commands/summarize.js';
import { CliError, EXIT_ERROR, EXIT_OK } from './errors.js';
import { processIO, type CliIO } from './io.js';

export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
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
  registerScan(program, io, setExit);
  registerCheck(program, io, setExit);
  registerLexicon(program, io, setExit);
  registerExplain(program, io, setExit);
  registerSummarize(program, io, setExit);
  registerReport(program, io, setExit);
  registerAgree(program, io, setExit);
  registerSample(program, io, setExit);
  registerExportQdpx(program, io, setExit);
  for (const c of program.commands) {
    c.exitOverride();
    c.showSuggestionAfterError(true);
  }
  return program;
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other commander error is a usage error.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT_ERROR;
      return EXIT_ERROR;
    }
    if (e instanceof CliError) {
      io.stderr.write(`harmlex: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && err.code === 'EPIPE') return code; // the reader went away (| head): not our failure
    io.stderr.write(`harmlex: internal error: ${err?.stack ?? String(e)}\nPlease report this with the command that caused it.\n`);
    return EXIT_ERROR;
  }
}
