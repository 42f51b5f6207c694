/**
 * Config you can see and trust (`check`): which config a run used, warnings when a config silences
 * the check (it ignores every file given, its lexicon has no stigma entry, or it allows every one),
 * and `--print-config`, what applies to a file. The pure parts are in config/view.ts.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { ConfigFinder, loadConfigFile, loadConfigLexicon, settingsFor, unknownAllowEntries, type FileSettings, type LoadedConfig } from '../config/load.js';
import { configView, shownPath, silencingLexicon, silencingSettings } from '../config/view.js';
import { LexiconError, formatProblem } from '../lexicon/errors.js';
import type { LoadedLexicon } from '../io/lexicon-files.js';
import { RunError, type RunEnv } from './env.js';
import type { CheckPlan } from './plan.js';

/** A config or its lexicons that cannot be used: every problem, then exit 2. */
export function configError(e: unknown, what: string): never {
  if (e instanceof LexiconError) {
    const n = e.problems.length;
    throw new RunError(`${e.problems.map(formatProblem).join('\n')}\n${n} problem${n === 1 ? '' : 's'} in the ${what}; nothing was checked`);
  }
  throw e;
}

/** What a check run says about its configs on standard error, each thing once. */
export class ConfigNotes {
  private readonly seen = new Set<LoadedConfig>();
  private readonly lexicons = new Set<LoadedConfig | undefined>();
  private readonly said = new Set<string>();
  private readonly settingsSeen = new Set<string>();
  /** The configs that ignored a file, with the globs that did. */
  private readonly ignoring = new Map<LoadedConfig, Set<string>>();

  constructor(
    private readonly plan: CheckPlan,
    private readonly warn: (message: string) => void,
  ) {}

  /** A config applies to a file: named once (not with --quiet: it is not a problem). */
  used(config: LoadedConfig | undefined): void {
    if (!config || this.seen.has(config)) return;
    this.seen.add(config);
    if (!this.plan.quiet) this.warn(`config ${config.file}`);
  }

  ignored(config: LoadedConfig, glob: string | undefined): void {
    let globs = this.ignoring.get(config);
    if (!globs) this.ignoring.set(config, (globs = new Set()));
    if (glob !== undefined) globs.add(glob);
  }

  /** The lexicon a config (or the flags) gave: a warning when nothing in it can be reported. */
  lexicon(config: LoadedConfig | undefined, loaded: LoadedLexicon): void {
    if (this.lexicons.has(config)) return;
    this.lexicons.add(config);
    for (const w of silencingLexicon(config, loaded.lexicon, this.plan.lexicon.paths, this.plan.read.cwd)) this.warn(w);
  }

  /** What a config says about a file: a warning (once) when it leaves nothing that can be reported or fail the run. */
  settings(config: LoadedConfig, settings: FileSettings, lexicon: LoadedLexicon['lexicon']): void {
    // The answer depends on the config and the overrides that apply: worked out once for each pair, not per file.
    const key = `${config.path}\0${settings.overrides.join(',')}`;
    if (this.settingsSeen.has(key)) return;
    this.settingsSeen.add(key);
    for (const w of silencingSettings(config, settings, lexicon, this.plan.policy.failOn)) {
      if (this.said.has(w)) continue;
      this.said.add(w);
      this.warn(w);
    }
  }

  /** After every input: when configs ignored every file given, which ones and by which globs. */
  finished(checked: number): void {
    if (checked > 0 || this.ignoring.size === 0) return;
    const globs = (g: Set<string>) => `(ignore: ${[...g].map((x) => JSON.stringify(x)).join(', ')})`;
    const by = [...this.ignoring];
    if (by.length === 1) this.warn(`${by[0]![0].file} ignores every file given ${globs(by[0]![1])}; nothing was checked`);
    else this.warn(`every file given is ignored by a config: ${by.map(([c, g]) => `${c.file} ${globs(g)}`).join(', ')}; nothing was checked`);
  }
}

/** The configs of the inputs (one given, discovered per folder, or none) and one lexicon per config (most runs: one). */
export class Configs {
  private readonly explicit: LoadedConfig | undefined;
  readonly finder: ConfigFinder | undefined;
  private readonly lexicons = new Map<LoadedConfig | undefined, Promise<LoadedLexicon>>();

  constructor(
    private readonly plan: CheckPlan,
    readonly notes: ConfigNotes,
  ) {
    const { config } = plan;
    try {
      if (config.kind === 'file') this.explicit = loadConfigFile(config.path, plan.read.cwd);
    } catch (e) {
      configError(e, 'config');
    }
    this.finder = config.kind === 'discover' ? new ConfigFinder(plan.read.cwd) : undefined;
  }

  /** The config for a file (or, `dir`, for the files in a folder). */
  configFor(file: string, dir = false): LoadedConfig | undefined {
    try {
      const config = this.finder ? ((dir ? this.finder.forDir(resolve(this.plan.read.cwd, file)) : this.finder.forFile(file)) ?? undefined) : this.explicit;
      this.notes.used(config);
      return config;
    } catch (e) {
      configError(e, 'config');
    }
  }

  /** The configs and lexicon files read so far: inputs no output may be written over. */
  async inputsRead(): Promise<{ path: string; label: string }[]> {
    const out: { path: string; label: string }[] = [];
    for (const [config, loaded] of this.lexicons) {
      if (config) out.push({ path: config.path, label: `the config ${config.file}` });
      const l = await loaded.catch(() => undefined);
      for (const f of l?.files ?? []) out.push({ path: f, label: `the lexicon ${f}` });
    }
    return out;
  }

  lexiconFor(config: LoadedConfig | undefined): Promise<LoadedLexicon> {
    let p = this.lexicons.get(config);
    if (!p) {
      p = (async () => {
        try {
          const loaded = await loadConfigLexicon(config, this.plan.lexicon.paths, this.plan.read.cwd, this.plan.lexicon.cacheDir);
          if (config) {
            const unknown = unknownAllowEntries(config, loaded.lexicon);
            if (unknown.length) throw new LexiconError(unknown);
          }
          this.notes.lexicon(config, loaded);
          return loaded;
        } catch (e) {
          configError(e, config ? 'config or its lexicons' : 'lexicon');
        }
      })();
      this.lexicons.set(config, p);
    }
    return p;
  }
}


/** --print-config: for each path given, the config that applies and what it says, merged with the flags (YAML, one document per path; with --format json, one JSON object per line). The config and its lexicons are loaded and checked as for a run: a broken one is exit 2. */
export async function printCheckConfig(plan: CheckPlan, env: RunEnv): Promise<void> {
  const { cwd } = plan.read;
  // The config line is left out (the output names it); warnings about the config are given.
  const quiet = { ...plan, quiet: true };
  const configs = new Configs(quiet, new ConfigNotes(quiet, (m) => env.warn(m)));
  const docs: string[] = [];
  const json = plan.output.format === 'json';
  for (const path of [...plan.paths, ...(plan.stdin ? [plan.stdin.filename] : [])]) {
    const abs = resolve(cwd, path);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      // not there (yet): the config is looked for from its folder all the same
    }
    const config = configs.configFor(abs, isDir);
    const { lexicon } = await configs.lexiconFor(config);
    const settings = config ? settingsFor(config, abs) : undefined;
    if (config && settings) configs.notes.settings(config, settings, lexicon);
    const view = configView({
      file: shownPath(abs, cwd),
      config,
      settings,
      ...(configs.finder ? { root: shownPath(configs.finder.roots.rootFor(isDir ? abs : dirname(abs)), cwd) } : {}),
      cliLexicons: plan.lexicon.paths,
      policy: plan.policy,
      inlineConfig: plan.inlineConfig !== false,
      cwd,
    });
    docs.push(json ? `${JSON.stringify(view)}\n` : stringify(view, { lineWidth: 0 }));
  }
  // -o: the same guarded, atomic sink as a run's report (never over a config, lexicon or input read).
  const inputs = [...plan.paths.map((p) => ({ path: p, label: p })), ...(await configs.inputsRead())];
  env.assertOutputs?.([plan.output.path ? { path: plan.output.path, label: `-o ${plan.output.path}` } : null], inputs);
  const sink = env.openSink(plan.output.path);
  await sink.write(docs.join(json ? '' : '---\n'));
  await sink.close();
}
