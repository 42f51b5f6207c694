/**
 * What a config means for a file, as people read it (`check --print-config`), and the ways a
 * config can silence the check without a word (its lexicon has no stigma entry, or its allow
 * rules cover every one). Pure: paths come resolved, nothing is read.
 */
import { resolve } from 'node:path';
import type { AllowRule } from '../check/findings.js';
import { atLeast, DEFAULT_FAIL_ON } from '../check/policy.js';
import type { Lexicon, Severity } from '../types.js';
import { DEFAULT_LEXICON_NAME } from '../lexicon/assemble.js';
import { displayPath } from '../text/paths.js';
import { configLexiconPaths, type FileSettings, type LoadedConfig } from './load.js';

export interface ConfigViewInput {
  /** The file as shown. */
  file: string;
  config: LoadedConfig | undefined;
  settings: FileSettings | undefined;
  /** Where the search for a config stops (shown); absent when no search was made (--config, --no-config). */
  root?: string;
  cliLexicons: readonly string[] | undefined;
  policy: { failOn?: Severity; maxWarnings?: number };
  inlineConfig: boolean;
  cwd: string;
}

/** The lexicon files that apply, as shown ("default" for the built-in one). */
export function shownLexicons(config: LoadedConfig | undefined, cliLexicons: readonly string[] | undefined, cwd: string): string[] {
  const paths = configLexiconPaths(config, cliLexicons, cwd) ?? [DEFAULT_LEXICON_NAME];
  return paths.map((p) => (p === DEFAULT_LEXICON_NAME ? p : displayPath(p, cwd)));
}

const rule = (r: AllowRule, from: string) => ({ ...(r.entry !== undefined ? { entry: r.entry } : { phrase: r.phrase }), reason: r.reason, from });

/** A path as `check` shows it: relative to the working folder, "." for the folder itself. */
export const shownPath = (abs: string, cwd: string): string => (resolve(abs) === resolve(cwd) ? '.' : displayPath(abs, cwd));

/** The settings that apply to one file, merged (flags over overrides over the config over the defaults). */
export function configView(input: ConfigViewInput): Record<string, unknown> {
  const { config, settings, policy } = input;
  const applied = new Set(settings?.overrides ?? []);
  return {
    file: input.file,
    config: config?.file ?? null,
    ...(input.root !== undefined ? { searchedUpTo: input.root } : {}),
    ignored: settings?.ignoredBy ?? false,
    lexicons: shownLexicons(config, input.cliLexicons, input.cwd),
    add: (config?.add ?? []).map((e) => e.id),
    allow: [...(config?.allow ?? []).map((r) => rule(r, 'allow')), ...(settings?.overrides ?? []).flatMap((i) => config!.overrides[i]!.allow.map((r) => rule(r, `overrides.${i}`)))],
    ignore: config?.ignore ?? [],
    overrides: (config?.overrides ?? []).map((o, i) => ({ files: o.files, applies: applied.has(i), ...(o.failOn ? { failOn: o.failOn } : {}), ...(o.allow.length ? { allow: o.allow.map((r) => rule(r, `overrides.${i}`)) } : {}) })),
    failOn: policy.failOn ?? settings?.failOn ?? DEFAULT_FAIL_ON,
    maxWarnings: policy.maxWarnings ?? config?.maxWarnings ?? null,
    requireReasons: config?.requireReasons ?? false,
    inlineConfig: input.inlineConfig,
  };
}

/** A warning when the lexicon of a run has no stigma entry: nothing stigmatizing can be found. */
export function silencingLexicon(config: LoadedConfig | undefined, lexicon: Pick<Lexicon, 'entries'>, cliLexicons: readonly string[] | undefined, cwd: string): string[] {
  if (lexicon.entries.some((e) => e.category === 'stigma')) return [];
  const from = cliLexicons?.length ? '--lexicon' : config?.file;
  return [`${from ? `${from}: ` : ''}the lexicon (${shownLexicons(config, cliLexicons, cwd).join(', ')}) has no stigma entries; no stigmatizing term can be found`];
}

/**
 * Warnings for what a config says about a file: its allow rules (overrides' included) cover every
 * stigma entry, or its failOn is above the severity of every one (findings are shown, never fail).
 */
export function silencingSettings(config: LoadedConfig, settings: FileSettings, lexicon: Pick<Lexicon, 'entries'>, cliFailOn: Severity | undefined): string[] {
  const stigma = lexicon.entries.filter((e) => e.category === 'stigma');
  if (stigma.length === 0) return []; // silencingLexicon said it
  const where = settings.overrides.length ? `${config.file} (with ${settings.overrides.map((i) => `overrides.${i}`).join(', ')})` : config.file;
  const out: string[] = [];
  const allowed = new Set(settings.allow.flatMap((r) => (r.entry !== undefined ? [r.entry] : [])));
  const n = `${stigma.length} entr${stigma.length === 1 ? 'y' : 'ies'}`;
  if (stigma.every((e) => allowed.has(e.id))) out.push(`${where} allows every stigma entry of the lexicon (${n}); no stigmatizing term can be reported`);
  const failOn = cliFailOn ?? settings.failOn ?? DEFAULT_FAIL_ON;
  if (!stigma.some((e) => atLeast(e.severity, failOn))) out.push(`${where}: every stigma entry of the lexicon (${n}) is below failOn "${failOn}"; findings cannot fail the run`);
  return out;
}
