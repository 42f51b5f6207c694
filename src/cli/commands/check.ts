/**
 * `harmlex check`: lint patient-facing text and templates. Every stigmatizing term and antithetical
 * framing is a finding with its line, column and suggestion; principle indicators are shown only
 * with --all and never fail. Exit 0 (nothing over the threshold), 1 (findings over it), 2 (errors).
 * Reuses the scan pipeline: expandPaths, the document readers and analyzeDocument.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { analyzeDocument } from '../../analyze.js';
import { buildBaseline, filterNew, parseBaseline, type Baseline } from '../../check/baseline.js';
import { compareFindings, findingsFromMatches, isAllowed, ruleInfo, type Finding, type RuleInfo } from '../../check/findings.js';
import { isMarkup, maskTemplate } from '../../check/mask.js';
import { DEFAULT_FAIL_ON, evaluatePolicy } from '../../check/policy.js';
import { commentFinding, invalidDirectiveFindings } from '../../check/directives.js';
import { parseSuppressions, type Directive } from '../../check/suppress.js';
import { ConfigFinder, loadConfigFile, loadConfigLexicon, settingsFor, unknownAllowEntries, type LoadedConfig } from '../../config/load.js';
import { DEFAULT_MAX_FILE_SIZE, RAW_TEXT_READERS, readFileDocuments, readStdinDocuments, type DocumentItem, type ReadOptions } from '../../io/documents.js';
import { expandPaths, extensionOf } from '../../io/files.js';
import { LexiconError, formatProblem } from '../../lexicon/errors.js';
import type { LoadedLexicon } from '../../lexicon/load.js';
import { lexiconCacheDir } from '../../lexicon/cache.js';
import { CHECK_FORMATS, getCheckFormatter, type CheckFormat, type CheckReport } from '../../report/check/index.js';
import type { SuppressedFinding } from '../../report/check/types.js';
import { SEVERITIES, type Severity } from '../../types.js';
import { toolVersion } from '../../version.js';
import { collect, collectList, parseNonNegativeInt, parseSize, warn } from '../common.js';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.js';
import { openSink, outputFormat, useColor, type CliIO } from '../io.js';

/** Picked up from folders and globs: text and template types. */
export const CHECK_EXTENSIONS = ['txt', 'text', 'md', 'markdown', 'mdx', 'html', 'htm', 'xhtml', 'hbs', 'handlebars', 'mustache', 'j2', 'jinja', 'jinja2', 'liquid', 'njk', 'erb', 'ejs', 'tmpl', 'tpl', 'rtf', 'vtt', 'srt'];

/** Skip reasons that are not errors for a linter: an empty template is fine. */
const HARMLESS_SKIP = /^(empty file|no text)/;

export interface CheckOptions {
  format?: CheckFormat;
  output?: string;
  lexicon?: string[];
  config?: string | false;
  ext?: string[];
  failOn?: Severity;
  maxWarnings?: number;
  exitCode: boolean;
  all?: boolean;
  baseline?: string;
  writeBaseline?: string;
  maxFileSize: number;
  allowEmpty?: boolean;
  color?: boolean;
  stdinFilename?: string;
  reportUnusedSuppressions?: boolean;
  quiet?: boolean;
  root?: string;
}

/** The pseudo-entry of findings about suppression comments that suppress nothing. */
export const UNUSED_SUPPRESSION = 'unused-suppression';

function unusedSuppressionFindings(directives: Directive[], file: string, text: string): Finding[] {
  return directives.map((d) => {
    const directive = `harmlex-${d.kind}${d.entries ? ` ${d.entries.join(' ')}` : ''}`;
    return commentFinding(file, text, d.at, `harmlex-${d.kind}`.length, UNUSED_SUPPRESSION, directive, `"${directive}" suppresses nothing; remove it`);
  });
}

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

function configError(e: unknown, what: string): never {
  if (e instanceof LexiconError) {
    const n = e.problems.length;
    throw new CliError(`${e.problems.map(formatProblem).join('\n')}\n${n} problem${n === 1 ? '' : 's'} in the ${what}; nothing was checked`);
  }
  throw e;
}

const toPosix = (p: string) => p.split(sep).join('/');

const entryIdSets = new WeakMap<LoadedLexicon['lexicon'], Set<string>>();
function entryIds(lexicon: LoadedLexicon['lexicon']): Set<string> {
  let ids = entryIdSets.get(lexicon);
  if (!ids) entryIdSets.set(lexicon, (ids = new Set(lexicon.entries.map((e) => e.id))));
  return ids;
}

export async function runCheck(paths: string[], opts: CheckOptions, io: CliIO): Promise<number> {
  const useStdin = paths.includes('-');
  const inputs = paths.length ? paths.filter((p) => p !== '-') : ['.'];
  const { files, unmatchedGlobs } = expandPaths(inputs, { extensions: opts.ext?.length ? opts.ext : CHECK_EXTENSIONS, cwd: io.cwd });
  if (unmatchedGlobs.length && !opts.allowEmpty) throw new UsageError(`no files match ${unmatchedGlobs.map((g) => `"${g}"`).join(', ')} (use --allow-empty to accept this)`);

  // Configs: one given, discovered per folder, or none.
  let explicit: LoadedConfig | undefined;
  try {
    if (typeof opts.config === 'string') explicit = loadConfigFile(opts.config, io.cwd);
  } catch (e) {
    configError(e, 'config');
  }
  const finder = opts.config === false ? undefined : new ConfigFinder(io.cwd);
  const configFor = (file: string): LoadedConfig | undefined => {
    if (explicit || opts.config === false) return explicit;
    try {
      return finder!.forFile(file);
    } catch (e) {
      configError(e, 'config');
    }
  };

  // One lexicon per config (most runs: one).
  const lexicons = new Map<LoadedConfig | undefined, Promise<LoadedLexicon>>();
  const lexiconFor = async (config: LoadedConfig | undefined): Promise<LoadedLexicon> => {
    let p = lexicons.get(config);
    if (!p) {
      p = (async () => {
        try {
          const loaded = await loadConfigLexicon(config, opts.lexicon, io.cwd, lexiconCacheDir(io.env));
          if (config) {
            const unknown = unknownAllowEntries(config, loaded.lexicon);
            if (unknown.length) throw new LexiconError(unknown);
          }
          return loaded;
        } catch (e) {
          configError(e, config ? 'config or its lexicons' : 'lexicon');
        }
      })();
      lexicons.set(config, p);
    }
    return p;
  };

  let baseline: Baseline | undefined;
  const baselineDir = opts.baseline ? dirname(resolve(io.cwd, opts.baseline)) : undefined;
  if (opts.baseline) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, opts.baseline), 'utf8');
    } catch (e) {
      throw new CliError(`cannot read baseline ${opts.baseline}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    const parsed = parseBaseline(text);
    if (typeof parsed === 'string') throw new CliError(`baseline ${opts.baseline}: ${parsed}`);
    baseline = parsed;
  }

  const readOptions: ReadOptions = { cwd: io.cwd, maxFileSize: opts.maxFileSize, stdinId: 'stdin' };
  const rules = new Map<string, RuleInfo>();
  const failOnByFile = new Map<string, Severity>();
  let findings: Finding[] = [];
  // Findings that do not count (comments, allow-lists, the baseline): SARIF reports them as suppressed.
  const notCounted: SuppressedFinding[] = [];
  let checked = 0;
  let suppressed = 0;
  let allowed = 0;
  let ignored = 0;
  // Paths that cannot be read come through as skips from readFileDocuments, in input order.
  let errors = 0;
  let maxWarnings = opts.maxWarnings;

  /** Check the documents of one input (a file, or standard input under a file name). */
  const checkInput = async (path: string, docs: AsyncIterable<DocumentItem>) => {
    const config = configFor(path);
    const settings = config ? settingsFor(config, path) : undefined;
    if (settings?.ignored) {
      ignored++;
      return;
    }
    if (config?.maxWarnings !== undefined && maxWarnings === undefined) maxWarnings = config.maxWarnings;
    const { lexicon, compiled } = await lexiconFor(config);
    for (const e of lexicon.entries) if (!rules.has(e.id)) rules.set(e.id, ruleInfo(e));
    const markup = isMarkup(extensionOf(path));
    for await (const doc of docs) {
      if (doc.kind === 'skipped') {
        if (HARMLESS_SKIP.test(doc.reason)) continue;
        errors++;
        warn(io, `cannot check ${doc.id}: ${doc.reason}`);
        continue;
      }
      checked++;
      const shown = toPosix(doc.source ?? doc.id);
      if (settings?.failOn) failOnByFile.set(shown, settings.failOn);
      const masked = maskTemplate(doc.text, { markup });
      const result = analyzeDocument({ ...doc, text: masked }, compiled, { noContext: true });
      const suppressions = parseSuppressions(doc.text);
      for (const f of findingsFromMatches(result.matches, { file: shown, text: doc.text, all: opts.all })) {
        if (suppressions.suppressed(f.entry, f.line, f.start)) {
          suppressed++;
          notCounted.push({ finding: f, kind: 'inSource', justification: 'a harmlex-disable comment in the file' });
          continue;
        }
        const allow = settings ? isAllowed(f, settings.allow) : undefined;
        if (allow) {
          allowed++;
          notCounted.push({ finding: f, kind: 'external', justification: `allowed by the configuration${allow.reason ? `: ${allow.reason}` : ''}` });
          continue;
        }
        findings.push(f);
      }
      findings.push(...invalidDirectiveFindings(shown, doc.text, suppressions.directives, entryIds(lexicon), { requireReason: config?.requireReasons }));
      if (opts.reportUnusedSuppressions) findings.push(...unusedSuppressionFindings(suppressions.unused(), shown, doc.text));
    }
  };
  // Every file as raw text, on purpose: a finding's line and column are those of the file as an
  // editor shows it (a CSV is checked as text, not as rows).
  for (const file of files) await checkInput(file.path, readFileDocuments(file, readOptions, RAW_TEXT_READERS));
  if (useStdin) {
    // Editors pipe the buffer and name it, so config, ignore and template rules apply as to the file.
    const name = opts.stdinFilename ?? 'stdin';
    const stdinOptions = { ...readOptions, stdinId: opts.stdinFilename ? toPosix(relative(io.cwd, resolve(io.cwd, name))) : 'stdin' };
    async function* named(): AsyncGenerator<DocumentItem> {
      for await (const d of readStdinDocuments(io.stdin, stdinOptions)) yield { ...d, source: stdinOptions.stdinId };
    }
    await checkInput(resolve(io.cwd, name), named());
  }
  findings.sort(compareFindings);

  // Inputs that a config ignores are not "no input": pre-commit passes ignored files by name.
  if (checked === 0 && errors === 0 && ignored === 0 && !opts.allowEmpty) {
    warn(io, `no files to check in ${inputs.join(' ')} (extensions: ${(opts.ext?.length ? opts.ext : CHECK_EXTENSIONS).join(',')}; use --allow-empty to accept this)`);
    return EXIT_ERROR;
  }

  // Baseline paths are relative to the baseline file, so the file can move with the repository.
  const relTo = (dir: string) => (file: string) => toPosix(relative(dir, resolve(io.cwd, file)));
  // --write-baseline records everything found today (before --baseline filtering), so fixed ones drop out.
  if (opts.writeBaseline) {
    const target = resolve(io.cwd, opts.writeBaseline);
    const data = buildBaseline(findings, relTo(dirname(target)));
    try {
      writeFileSync(target, `${JSON.stringify(data, null, 2)}\n`);
    } catch (e) {
      throw new CliError(`cannot write baseline ${opts.writeBaseline}: ${(e as Error).message}`);
    }
    const n = data.findings.reduce((sum, e) => sum + e.count, 0);
    warn(io, `wrote ${n} finding${n === 1 ? '' : 's'} to the baseline ${opts.writeBaseline}`);
  }
  let baselined = 0;
  if (baseline && baselineDir) {
    const { fresh, known, knownFindings } = filterNew(findings, baseline, relTo(baselineDir));
    findings = fresh;
    baselined = known;
    for (const f of knownFindings) notCounted.push({ finding: f, kind: 'external', justification: `in the baseline ${opts.baseline}` });
  }

  const policy = evaluatePolicy(findings, { failOn: opts.failOn, failOnFor: (f) => (opts.failOn ? undefined : failOnByFile.get(f)), maxWarnings });
  const format: CheckFormat = outputFormat(io, opts.format, opts.output, CHECK_FORMATS, io.stdoutIsTTY && !opts.output ? 'stylish' : 'compact');
  const report: CheckReport = {
    tool: { name: 'harmlex', version: toolVersion(), informationUri: 'https://github.com/harmlex/harmlex' },
    findings: opts.quiet ? findings.filter((f) => f.severity === 'error') : findings,
    rootPrefix: toPosix(relative(repositoryRoot(io.cwd, opts.root), io.cwd)),
    suppressed: notCounted.sort((a, b) => compareFindings(a.finding, b.finding)),
    rules: [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    summary: { files: checked, errors: policy.errors, warnings: policy.warnings, infos: policy.infos, suppressed, allowed, baselined },
    color: format === 'stylish' && opts.color !== false && !opts.output && useColor(io),
  };
  const sink = openSink(io, opts.output, inputs);
  await sink.write(getCheckFormatter(format)(report));
  await sink.close();

  if (errors) {
    warn(io, `${errors} input${errors === 1 ? '' : 's'} could not be checked; exit code 2`);
    return EXIT_ERROR;
  }
  if (opts.writeBaseline || !opts.exitCode) return EXIT_OK;
  if (policy.fail) {
    if (format !== 'stylish' && !opts.quiet) warn(io, `${policy.reasons.join('; ')}; exit code 1`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/** `--root`, else git's top level (the nearest folder above `cwd` holding `.git`), else `cwd`. */
function repositoryRoot(cwd: string, root: string | undefined): string {
  if (root) return resolve(cwd, root);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}
