/**
 * Config text -> a validated config, or problems with file:line:col. Pure. For package.json only the
 * `harmlex` value is validated: the rest of the file is blanked (positions kept) before parsing.
 */
import { isMap, LineCounter, parseDocument, type Node } from 'yaml';
import type { AllowRule } from '../check/findings.js';
import type { LexiconProblem } from '../lexicon/errors.js';
import { validateYaml, type Positioned } from '../lexicon/validate.js';
import type { Severity } from '../types.js';
import { CONFIG_SPEC } from './spec.js';

export interface ConfigOverride {
  files: string[];
  allow: AllowRule[];
  failOn?: Severity;
}

export interface HarmlexConfig {
  /** The file as shown in messages. */
  file: string;
  lexicons: string[];
  replaceDefault: boolean;
  allow: AllowRule[];
  /** Raw entries (validated structurally), in the lexicon format. */
  add: Record<string, unknown>[];
  ignore: string[];
  overrides: ConfigOverride[];
  failOn?: Severity;
  maxWarnings?: number;
  /** Suppression comments must carry a reason. */
  requireReasons?: boolean;
  /** Positions by path ("allow.0.entry"), for later checks against the lexicon. */
  positions: Map<string, Positioned>;
}

interface RawConfig {
  lexicons?: string[];
  replaceDefault?: boolean;
  allow?: (Partial<AllowRule> | undefined)[];
  add?: (Record<string, unknown> | undefined)[];
  ignore?: string[];
  failOn?: Severity;
  maxWarnings?: number;
  requireReasons?: boolean;
  overrides?: ({ files?: string[]; allow?: (Partial<AllowRule> | undefined)[]; failOn?: Severity } | undefined)[];
}

export function parseConfig(text: string, file: string): { config?: HarmlexConfig; problems: LexiconProblem[] } {
  const { value, problems, positions } = validateYaml(text, file, CONFIG_SPEC);
  if (value === undefined) return { problems };
  const raw = value as RawConfig;
  const at = (path: string) => positions.get(path) ?? { line: 1, column: 1 };
  const allowList = (list: RawConfig['allow'], base: string): AllowRule[] =>
    (list ?? []).flatMap((r, i) => {
      if (!r) return [];
      const hasEntry = r.entry !== undefined;
      const hasPhrase = r.phrase !== undefined;
      if (hasEntry === hasPhrase) {
        problems.push({ file, ...at(`${base}.${i}`), code: 'bad-allow', message: `"${base}.${i}" needs exactly one of "entry" or "phrase"` });
        return [];
      }
      return [{ ...(hasEntry ? { entry: r.entry } : { phrase: r.phrase }), reason: r.reason ?? '' }];
    });
  const config: HarmlexConfig = {
    file,
    lexicons: raw.lexicons ?? [],
    replaceDefault: raw.replaceDefault ?? false,
    allow: allowList(raw.allow, 'allow'),
    add: (raw.add ?? []).filter((e): e is Record<string, unknown> => e !== undefined),
    ignore: raw.ignore ?? [],
    overrides: (raw.overrides ?? []).flatMap((o, i) =>
      o ? [{ files: o.files ?? [], allow: allowList(o.allow, `overrides.${i}.allow`), ...(o.failOn ? { failOn: o.failOn } : {}) }] : [],
    ),
    ...(raw.failOn ? { failOn: raw.failOn } : {}),
    ...(raw.maxWarnings !== undefined ? { maxWarnings: raw.maxWarnings } : {}),
    ...(raw.requireReasons !== undefined ? { requireReasons: raw.requireReasons } : {}),
    positions,
  };
  if (config.replaceDefault && config.lexicons.length === 0) {
    problems.push({ file, ...at('replaceDefault'), code: 'bad-value', message: '"replaceDefault: true" needs "lexicons" to replace the default with' });
  }
  if (problems.length) return { problems };
  return { config, problems };
}

/**
 * The `harmlex` value of a package.json, validated in place: every character outside it becomes a
 * space (newlines kept), so problems point at the right line and column. Undefined when there is
 * no `harmlex` key.
 */
export function parsePackageJsonConfig(text: string, file: string): { config?: HarmlexConfig; problems: LexiconProblem[] } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length || !isMap(doc.contents)) return undefined; // not our business: npm reports broken package.json
  const node = doc.contents.get('harmlex', true) as Node | undefined;
  if (!node || !node.range) return undefined;
  const [start, end] = node.range;
  let masked = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    masked += i >= start && i < end ? c : c === '\n' || c === '\r' ? c : ' ';
  }
  return parseConfig(masked, file);
}
