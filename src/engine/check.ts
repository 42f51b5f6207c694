/**
 * Running a check plan: lint patient-facing text and templates. Every stigmatizing term and
 * antithetical framing is a finding with its line, column and suggestion; principle indicators
 * only with `all`, as info. Reads every input as raw text (the plan's readers), through the same
 * document reading and analysis as a scan. No argv, TTY or exit code here: the CLI makes the plan
 * (cli/plan-check.ts) and turns the outcome into an exit code.
 */
import { existsSync } from 'node:fs';
import { readErrorReason, readTextFile } from '../bounded-read.js';
import { writeOutputFile } from '../atomic-write.js';
import { dirname, relative, resolve, sep } from 'node:path';
import { analyzeDocument } from '../analyze.js';
import { buildBaseline, filterNew, parseBaseline, type Baseline } from '../check/baseline.js';
import { compareFindings, findingsFromMatches, isAllowed, ruleInfo, type Finding, type RuleInfo } from '../check/findings.js';
import { isMarkup, maskTemplate } from '../check/mask.js';
import { evaluatePolicy, type PolicyResult } from '../check/policy.js';
import { commentFinding, invalidDirectiveFindings } from '../check/directives.js';
import { parseSuppressions, type Directive } from '../check/suppress.js';
import { settingsFor } from '../config/load.js';
import { readFileDocuments, readStdinDocuments, type DocumentItem } from '../io/documents.js';
import { expandPaths, extensionOf, type InputFile } from '../io/files.js';
import type { LoadedLexicon } from '../io/lexicon-files.js';
import { getCheckFormatter, type CheckReport } from '../report/check/index.js';
import type { SuppressedFinding } from '../report/check/types.js';
import type { Severity } from '../types.js';
import { toolVersion } from '../version.js';
import { ConfigNotes, Configs } from './check-config.js';
import { RunError, type RunEnv } from './env.js';
import type { CheckPlan } from './plan.js';

/** Skip reasons that are not errors for a linter: an empty template is fine. */
const HARMLESS_SKIP = /^(empty file|no text)/;

/** The pseudo-entry of findings about suppression comments that suppress nothing. */
export const UNUSED_SUPPRESSION = 'unused-suppression';

/** What the CLI needs of a finished check to choose its exit code and last messages. */
export interface CheckOutcome {
  /** Nothing was checked, no input failed and no config ignored one: no report was written. */
  nothingChecked: boolean;
  /** Inputs that could not be checked. */
  errors: number;
  policy: PolicyResult;
}

function unusedSuppressionFindings(directives: Directive[], file: string, text: string): Finding[] {
  return directives.map((d) => {
    const directive = `harmlex-${d.kind}${d.entries ? ` ${d.entries.join(' ')}` : ''}`;
    return commentFinding(file, text, d.at, `harmlex-${d.kind}`.length, UNUSED_SUPPRESSION, directive, `"${directive}" suppresses nothing; remove it`);
  });
}

const toPosix = (p: string) => p.split(sep).join('/');

const entryIdSets = new WeakMap<LoadedLexicon['lexicon'], Set<string>>();
function entryIds(lexicon: LoadedLexicon['lexicon']): Set<string> {
  let ids = entryIdSets.get(lexicon);
  if (!ids) entryIdSets.set(lexicon, (ids = new Set(lexicon.entries.map((e) => e.id))));
  return ids;
}

/** The root SARIF paths are relative to: the plan's, else git's top level (the nearest folder above `cwd` holding `.git`), else `cwd`. */
function repositoryRoot(cwd: string, root: string | undefined): string {
  if (root) return resolve(cwd, root);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

function readBaseline(path: string, cwd: string): Baseline {
  let text: string;
  try {
    text = readTextFile(resolve(cwd, path));
  } catch (e) {
    throw new RunError(`cannot read baseline ${path}: ${readErrorReason(e)}`);
  }
  const parsed = parseBaseline(text);
  if (typeof parsed === 'string') throw new RunError(`baseline ${path}: ${parsed}`);
  return parsed;
}

/** The findings of a run as its inputs are checked, with what does not count (comments, allow-lists, the baseline). */
class Tally {
  readonly rules = new Map<string, RuleInfo>();
  readonly failOnByFile = new Map<string, Severity>();
  findings: Finding[] = [];
  /** SARIF reports these as suppressed. */
  readonly notCounted: SuppressedFinding[] = [];
  checked = 0;
  suppressed = 0;
  allowed = 0;
  ignored = 0;
  /** Paths that cannot be read come through as skips, in input order. */
  errors = 0;
  maxWarnings: number | undefined;

  constructor(private readonly plan: CheckPlan, private readonly configs: Configs, private readonly env: RunEnv) {
    this.maxWarnings = plan.policy.maxWarnings;
  }

  /** Check the documents of one input (a file, or standard input under a file name). */
  async input(path: string, docs: AsyncIterable<DocumentItem>): Promise<void> {
    const config = this.configs.configFor(path);
    const settings = config ? settingsFor(config, path) : undefined;
    if (settings?.ignored) {
      this.configs.notes.ignored(config!, settings.ignoredBy);
      this.ignored++;
      return;
    }
    if (config?.maxWarnings !== undefined && this.maxWarnings === undefined) this.maxWarnings = config.maxWarnings;
    const { lexicon, compiled } = await this.configs.lexiconFor(config);
    if (config && settings) this.configs.notes.settings(config, settings, lexicon);
    for (const e of lexicon.entries) if (!this.rules.has(e.id)) this.rules.set(e.id, ruleInfo(e));
    const markup = isMarkup(extensionOf(path));
    for await (const doc of docs) {
      if (doc.kind === 'skipped') {
        if (HARMLESS_SKIP.test(doc.reason)) continue;
        this.errors++;
        this.env.warn(`cannot check ${doc.id}: ${doc.reason}`);
        continue;
      }
      this.checked++;
      const shown = toPosix(doc.source ?? doc.id);
      if (settings?.failOn) this.failOnByFile.set(shown, settings.failOn);
      const result = analyzeDocument({ ...doc, text: maskTemplate(doc.text, { markup }) }, compiled, { noContext: true, wordPass: this.plan.wordPass, patternFilter: this.plan.patternFilter, precomputed: this.plan.precomputed });
      // --no-inline-config: suppression comments are text like any other (and not checked as directives).
      const inlineConfig = this.plan.inlineConfig !== false;
      const suppressions = parseSuppressions(inlineConfig ? doc.text : '');
      for (const f of findingsFromMatches(result.matches, { file: shown, text: doc.text, all: this.plan.all })) {
        if (suppressions.suppressed(f.entry, f.line, f.start)) {
          this.suppressed++;
          this.notCounted.push({ finding: f, kind: 'inSource', justification: 'a harmlex-disable comment in the file' });
          continue;
        }
        const allow = settings ? isAllowed(f, settings.allow) : undefined;
        if (allow) {
          this.allowed++;
          this.notCounted.push({ finding: f, kind: 'external', justification: `allowed by the configuration${allow.reason ? `: ${allow.reason}` : ''}` });
          continue;
        }
        this.findings.push(f);
      }
      if (inlineConfig) this.findings.push(...invalidDirectiveFindings(shown, doc.text, suppressions.directives, entryIds(lexicon), { requireReason: config?.requireReasons }));
      if (this.plan.reportUnusedSuppressions) this.findings.push(...unusedSuppressionFindings(suppressions.unused(), shown, doc.text));
    }
  }
}

/** The input files: the paths expanded; a glob that matches nothing is an error. */
function inputFiles(plan: CheckPlan, env: RunEnv): InputFile[] {
  const { files, unmatchedGlobs } = expandPaths(plan.paths, { extensions: plan.extensions, cwd: env.cwd });
  if (unmatchedGlobs.length && !plan.allowEmpty) throw new RunError(`no files match ${unmatchedGlobs.map((g) => `"${g}"`).join(', ')} (use --allow-empty to accept this)`);
  return files;
}

/** Check every input, in order: files, then standard input under its file name. */
async function checkInputs(plan: CheckPlan, env: RunEnv, files: readonly InputFile[], tally: Tally): Promise<void> {
  for (const file of files) await tally.input(file.path, readFileDocuments(file, plan.read, plan.readers));
  if (plan.stdin) {
    // Editors pipe the buffer and name it, so config, ignore and template rules apply as to the file.
    const stdinOptions = { ...plan.read, stdinId: plan.stdin.id };
    async function* named(): AsyncGenerator<DocumentItem> {
      for await (const d of readStdinDocuments(env.stdin, stdinOptions)) yield { ...d, source: stdinOptions.stdinId };
    }
    await tally.input(resolve(env.cwd, plan.stdin.filename), named());
  }
  tally.findings.sort(compareFindings);
}

/** Baseline paths are relative to the baseline file, so the file can move with the repository. */
const relativeTo = (cwd: string, dir: string) => (file: string) => toPosix(relative(dir, resolve(cwd, file)));

/** --write-baseline records everything found today (before --baseline filtering), so fixed ones drop out. */
function writeBaselineFile(path: string, findings: readonly Finding[], env: RunEnv): void {
  const target = resolve(env.cwd, path);
  const data = buildBaseline([...findings], relativeTo(env.cwd, dirname(target)));
  try {
    writeOutputFile(target, `${JSON.stringify(data, null, 2)}\n`, { display: path });
  } catch (e) {
    throw new RunError(`cannot write baseline ${path}: ${(e as Error).message.replace(/^cannot write [^:]*: /, '')}`);
  }
  const n = data.findings.reduce((sum, e) => sum + e.count, 0);
  env.warn(`wrote ${n} finding${n === 1 ? '' : 's'} to the baseline ${path}`);
}

/** Run a check plan: the report written to the plan's output; the outcome for the exit code. */
export async function runCheckPlan(plan: CheckPlan, env: RunEnv): Promise<CheckOutcome> {
  const files = inputFiles(plan, env);
  const configs = new Configs(plan, new ConfigNotes(plan, (m) => env.warn(m)));
  const tally = new Tally(plan, configs, env);
  const baseline = plan.baseline ? readBaseline(plan.baseline, env.cwd) : undefined;
  await checkInputs(plan, env, files, tally);
  configs.notes.finished(tally.checked);
  // Inputs that a config ignores are not "no input": pre-commit passes ignored files by name.
  if (tally.checked === 0 && tally.errors === 0 && tally.ignored === 0 && !plan.allowEmpty) return { nothingChecked: true, errors: 0, policy: evaluatePolicy([], {}) };
  // Every input read (files, configs, lexicons, the baseline) against the outputs, before anything is written.
  const read = [...files.map((f) => ({ path: f.path, label: f.path })), ...(await configs.inputsRead()), ...(plan.baseline ? [{ path: plan.baseline, label: `the baseline ${plan.baseline}` }] : [])];
  env.assertOutputs?.([plan.writeBaseline ? { path: plan.writeBaseline, label: `--write-baseline ${plan.writeBaseline}` } : null, plan.output.path ? { path: plan.output.path, label: `-o ${plan.output.path}` } : null], read);
  if (plan.writeBaseline) writeBaselineFile(plan.writeBaseline, tally.findings, env);
  let baselined = 0;
  if (baseline && plan.baseline) {
    const { fresh, known, knownFindings } = filterNew(tally.findings, baseline, relativeTo(env.cwd, dirname(resolve(env.cwd, plan.baseline))));
    tally.findings = fresh;
    baselined = known;
    for (const f of knownFindings) tally.notCounted.push({ finding: f, kind: 'external', justification: `in the baseline ${plan.baseline}` });
  }
  const { failOn } = plan.policy;
  const policy = evaluatePolicy(tally.findings, { failOn, failOnFor: (f) => (failOn ? undefined : tally.failOnByFile.get(f)), maxWarnings: tally.maxWarnings });
  const report: CheckReport = {
    tool: { name: 'harmlex', version: toolVersion(), informationUri: 'https://github.com/harmlex/harmlex' },
    findings: plan.quiet ? tally.findings.filter((f) => f.severity === 'error') : tally.findings,
    rootPrefix: toPosix(relative(repositoryRoot(env.cwd, plan.root), env.cwd)),
    suppressed: tally.notCounted.sort((a, b) => compareFindings(a.finding, b.finding)),
    rules: [...tally.rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    summary: { files: tally.checked, errors: policy.errors, warnings: policy.warnings, infos: policy.infos, suppressed: tally.suppressed, allowed: tally.allowed, baselined },
    color: plan.output.color,
  };
  const sink = env.openSink(plan.output.path);
  await sink.write(getCheckFormatter(plan.output.format)(report));
  await sink.close();
  return { nothingChecked: false, errors: tally.errors, policy };
}
