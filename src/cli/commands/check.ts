/**
 * `harmlex check`: lint patient-facing text and templates (engine/check.ts). Exit 0 (nothing over
 * the threshold), 1 (findings over it), 2 (errors).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_FAIL_ON } from '../../check/policy.js';
import { runCheckPlan } from '../../engine/check.js';
import { printCheckConfig } from '../../engine/check-config.js';
import { DEFAULT_MAX_FILE_SIZE } from '../../io/documents.js';
import { CHECK_FORMATS } from '../../report/check/index.js';
import { SEVERITIES, type Severity } from '../../types.js';
import { collect, collectList, parseNonNegativeInt, parseSize, warn } from '../common.js';
import { planEnv, runEnv } from '../env.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import type { CliIO } from '../io.js';
import { CHECK_EXTENSIONS, planCheck, type CheckOptions } from '../plan-check.js';

function parseSeverity(v: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}`);
  return v as Severity;
}

export function registerCheck(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('lint patient-facing text and templates: every stigmatizing term with its line and suggestion; exit 1 when findings reach --fail-on')
    .argument('[paths...]', 'files, folders (recursive) and globs (default: the current folder); "-" for standard input')
    .addOption(new Option('-f, --format <format>', 'output format (default: stylish on a terminal, compact otherwise)').choices(CHECK_FORMATS))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-l, --lexicon <file>', 'lexicon file (repeatable; replaces the config\'s "lexicons"; "default" is the built-in one)', collect)
    .option('-c, --config <file>', 'use this config file for every input (no discovery)')
    .option('--no-config', 'ignore config files')
    .option('--no-inline-config', 'ignore suppression comments in the files: the findings under them count (for untrusted changes)')
    .option('--print-config', 'print the configuration that applies to each path (config file, lexicons, allow rules, ignore globs, overrides, failOn) as YAML (JSON lines with --format json) and exit 0 without checking')
    .addOption(new Option('--fail-on <severity>', `lowest severity that fails the run (default: ${DEFAULT_FAIL_ON}, or the config's failOn)`).argParser(parseSeverity))
    .option('--max-warnings <n>', 'also fail when there are more than n warnings', parseNonNegativeInt)
    .option('--no-exit-code', 'findings never fail the run (errors still exit 2)')
    .option('--all', 'also show principle and structural indicators (as info; they never fail)')
    .option('--baseline <file>', 'report only findings not recorded in this baseline')
    .option('--write-baseline <file>', "record today's findings in a baseline file (the run then passes)")
    .option('--ext <list>', `extensions picked up from folders and globs (default: ${CHECK_EXTENSIONS.join(',')})`, collectList)
    .option('--max-file-size <size>', 'skip files larger than this', parseSize, DEFAULT_MAX_FILE_SIZE)
    .option('--allow-empty', 'no error when the inputs hold no files')
    .option('--report-unused-suppressions', 'report suppression comments that suppress nothing (as warnings)')
    .option('--stdin-filename <name>', 'the file name of the text read from standard input (for config, ignore and template rules)')
    .option('--no-color', 'no colour in the stylish format')
    .option('-q, --quiet', 'report errors only: warnings and infos are left out of the output (the exit code is the same)')
    .option('--root <dir>', "the repository root that SARIF paths are relative to (default: git's top level, else the current folder)")
    .action(async (paths: string[], opts: CheckOptions) => {
      setExit(await runCheck(paths, opts, io));
    });
}

export async function runCheck(paths: string[], opts: CheckOptions, io: CliIO): Promise<number> {
  const plan = planCheck(paths, opts, planEnv(io));
  for (const note of plan.notes) warn(io, note);
  if (plan.printConfig) {
    await printCheckConfig(plan, runEnv(io, plan.paths));
    return EXIT_OK;
  }
  const { nothingChecked, errors, policy } = await runCheckPlan(plan, runEnv(io, plan.paths));
  if (nothingChecked) {
    warn(io, `no files to check in ${plan.paths.join(' ')} (extensions: ${plan.extensions.join(',')}; use --allow-empty to accept this)`);
    return EXIT_ERROR;
  }
  if (errors) {
    warn(io, `${errors} input${errors === 1 ? '' : 's'} could not be checked; exit code 2`);
    return EXIT_ERROR;
  }
  if (opts.writeBaseline || !opts.exitCode) return EXIT_OK;
  if (policy.fail) {
    if (plan.output.format !== 'stylish' && !plan.quiet) warn(io, `${policy.reasons.join('; ')}; exit code 1`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}
