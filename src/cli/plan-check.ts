/**
 * `check`'s flags -> a resolved plan (engine/plan.ts `CheckPlan`). Pure: it reads no file; what it
 * needs of the outside world comes in `env` (see cli/plan-scan.ts `PlanEnv`).
 */
import { relative, resolve, sep } from 'node:path';
import { RAW_TEXT_READERS } from '../io/documents.js';
import { CHECK_FORMATS, type CheckFormat } from '../report/check/index.js';
import type { Severity } from '../types.js';
import type { CheckPlan } from '../engine/plan.js';
import { chooseOutputFormat } from './io.js';
import type { PlanEnv } from './plan-scan.js';

/** Picked up from folders and globs: text and template types. */
export const CHECK_EXTENSIONS = ['txt', 'text', 'md', 'markdown', 'mdx', 'html', 'htm', 'xhtml', 'hbs', 'handlebars', 'mustache', 'j2', 'jinja', 'jinja2', 'liquid', 'njk', 'erb', 'ejs', 'tmpl', 'tpl', 'rtf', 'vtt', 'srt'];

/** The parsed flags of `check` (commander's names). */
export interface CheckOptions {
  format?: CheckFormat;
  output?: string;
  lexicon?: string[];
  config?: string | false;
  inlineConfig?: boolean;
  printConfig?: boolean;
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

export function planCheck(paths: readonly string[], opts: CheckOptions, env: PlanEnv): CheckPlan {
  const name = opts.stdinFilename ?? 'stdin';
  const { format, note } = chooseOutputFormat(opts.format, opts.output, CHECK_FORMATS, env.stdoutIsTTY && !opts.output ? 'stylish' : 'compact');
  return {
    paths: paths.length ? paths.filter((p) => p !== '-') : ['.'],
    extensions: opts.ext?.length ? opts.ext : CHECK_EXTENSIONS,
    allowEmpty: Boolean(opts.allowEmpty),
    stdin: paths.includes('-') ? { filename: name, id: opts.stdinFilename ? relative(env.cwd, resolve(env.cwd, name)).split(sep).join('/') : 'stdin' } : null,
    // Every file as raw text, on purpose: a finding's line and column are those of the file as an
    // editor shows it (a CSV is checked as text, not as rows).
    readers: RAW_TEXT_READERS,
    read: { cwd: env.cwd, maxFileSize: opts.maxFileSize, stdinId: 'stdin' },
    lexicon: { paths: opts.lexicon, cacheDir: env.lexiconCache },
    config: typeof opts.config === 'string' ? { kind: 'file', path: opts.config } : opts.config === false ? { kind: 'none' } : { kind: 'discover' },
    inlineConfig: opts.inlineConfig !== false,
    printConfig: Boolean(opts.printConfig),
    ...(opts.baseline ? { baseline: opts.baseline } : {}),
    ...(opts.writeBaseline ? { writeBaseline: opts.writeBaseline } : {}),
    policy: { ...(opts.failOn ? { failOn: opts.failOn } : {}), ...(opts.maxWarnings !== undefined ? { maxWarnings: opts.maxWarnings } : {}) },
    all: Boolean(opts.all),
    wordPass: env.switches.wordPass,
    patternFilter: env.switches.patternFilter,
    precomputed: env.switches.precomputed,
    reportUnusedSuppressions: Boolean(opts.reportUnusedSuppressions),
    quiet: Boolean(opts.quiet),
    ...(opts.root !== undefined ? { root: opts.root } : {}),
    output: { format, ...(opts.output !== undefined ? { path: opts.output } : {}), color: format === 'stylish' && opts.color !== false && !opts.output && env.color },
    notes: note ? [note] : [],
  };
}
