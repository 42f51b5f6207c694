/**
 * Parsed lexicon files -> one validated, merged Lexicon. Pure: file reading lives in io/lexicon-files.ts, the walk over `extends` in assemble.ts.
 * Every problem is collected with its position; nothing is thrown from here.
 */
import { createHash } from 'node:crypto';
import type { Category, Lexicon, LexiconEntry, LexiconSettings, NegationBehaviour, OthersSettings, Principle, Severity } from '../types.js';
import { compileLexicon, type CompiledLexicon } from './compile.js';
import type { LexiconProblem } from './errors.js';
import { patternProblem } from './safety.js';
import { LEXICON_SPEC } from './spec.js';
import { expandSetsInPattern, flattenSet, parseTerm, parseTermWith, setRefs } from './terms.js';
import { validateYaml, type Positioned } from './validate.js';

export const DEFAULT_NEGATION_CUES = [
  'not', 'no', 'never', "don't", "doesn't", "didn't", "won't", "wouldn't", "can't", 'cannot', "isn't", "aren't",
  "wasn't", "weren't", "shouldn't", "haven't", "hasn't", "hadn't", 'without', 'nobody', 'none', 'nothing', 'neither', 'nor',
  'hardly', 'stop', 'stopped', 'avoid', 'instead of', 'rather than',
];

/** Phrases that begin with a negation cue but negate nothing after them (NegEx's pseudo-negations, Chapman et al. 2001). */
export const DEFAULT_PSEUDO_NEGATIONS = [
  'no doubt', 'not only', 'no wonder', 'no matter', 'not to mention', "won't lie", "wont lie", "can't lie", 'not gonna lie', 'not going to lie',
  "i'm not gonna lie", 'no question', 'no questions asked', 'no-show', 'no-shows', 'no-showed', 'no-showing',
  // A price negates its noun only ("requesting care at no cost after years of ...").
  'no cost', 'no charge', 'no extra cost', 'no extra charge',
];

/** Reporting verbs of attributed speech (term syntax). */
export const DEFAULT_REPORTING_VERBS = [
  'say', 'says', 'said', 'saying', 'call', 'calls', 'called', 'calling', 'think', 'thinks', 'thought', 'thinking',
  'believe', 'believes', 'believed', 'feel', 'feels', 'felt', 'refer to', 'refers to', 'referred to', 'referring to',
  'label', 'labels', 'labeled', 'labelled', 'labeling', 'labelling', 'describe', 'describes', 'described', 'describing',
  'tell', 'tells', 'told', 'telling', 'write', 'writes', 'wrote', 'written', 'writing', 'flag', 'flags', 'flagged', 'flagging',
  'brand', 'brands', 'branded', 'branding', 'state', 'states', 'stated', 'stating', 'ask', 'asks', 'asked', 'asking',
  'explain', 'explains', 'explained', 'explaining', 'consider', 'considers', 'considered', 'assume', 'assumes', 'assumed',
  'claim', 'claims', 'claimed', 'complain', 'complains', 'complained', 'joke', 'jokes', 'joked', 'joking',
  // Words said under the breath ("the pharmacist muttered something about ..."), and a record that reads.
  'mutter', 'mutters', 'muttered', 'muttering', 'mumble', 'mumbles', 'mumbled', 'mumbling', 'grumble', 'grumbles', 'grumbled', 'grumbling',
  'read', 'reads',
  // The quotative of speech ("the charge nurse would go, 'oh, he's a ...'"), in its habitual forms only.
  'would go', 'used to go', "'d go", 'goes like', 'went like',
  'see them as', 'sees them as', 'saw them as', 'view them as', 'views them as', 'viewed them as', 'treat them like', 'treats them like', 'treated them like',
];

/** Third-party subjects of attributed speech: people other than the speaker. */
export const DEFAULT_REPORTING_SUBJECTS = [
  'colleague', 'colleagues', 'coworker', 'coworkers', 'workers', 'doctor', 'doctors', 'docs', 'physician', 'physicians',
  'nurse', 'nurses', 'staff', 'staffers', 'provider', 'providers', 'clinician', 'clinicians', 'resident', 'residents',
  'attending', 'attendings', 'intern', 'interns', 'pharmacist', 'pharmacists', 'surgeon', 'surgeons', 'techs',
  'counselor', 'counselors', 'therapist', 'therapists', 'paramedics', 'medics', 'ems', 'police', 'cops', 'officers', 'guards',
  'security', 'administrators', 'administration', 'management', 'team', 'people', 'folks', 'they', 'some', 'others',
  'many', 'most', 'everyone', 'everybody', 'someone', 'somebody', 'society', 'public', 'media', 'community', 'he', 'she',
  'patient', 'patients', 'pt', 'family', 'families', 'friends', 'peers',
  // Single people and roles ("a tech called him ...", "her father refers to her as ...").
  'tech', 'aide', 'triage', 'director', 'boss', 'manager', 'supervisor', 'chief', 'officer', 'cop',
  'guard', 'judge', 'probation', 'court', 'landlord', 'employer', 'pcp', 'doc', 'mother', 'father', 'mom', 'dad', 'parent',
  'parents', 'wife', 'husband', 'partner', 'boyfriend', 'girlfriend', 'brother', 'sister', 'son', 'daughter', 'friend',
  'neighbor', 'neighbour', 'relatives',
  // Those who taught the speaker ("an instructor told us ...", "my preceptor used to say ...").
  'instructor', 'instructors', 'preceptor', 'preceptors', 'teacher', 'teachers', 'professor', 'professors', 'mentor', 'mentors',
  'lecturer', 'lecturers', 'trainer', 'trainers',
  // Records written by others ("the outside discharge summary says ...", "his PCP's note calls him ...").
  'note', 'notes', 'chart', 'charts', 'record', 'records', 'summary', 'referral', 'report', 'reports', 'hospital', 'clinic',
  // Handoffs and forms written by others ("the sign-out described her as ...", "the intake form labeled ...").
  'signout', 'handoff', 'handover', 'form', 'forms', 'checkbox', 'template', 'templates',
  // Specialists and consultants ("her cardiologist told her ...").
  'specialist', 'specialists', 'consultant', 'consultants', 'hospitalist', 'hospitalists', 'cardiologist', 'cardiologists',
  'neurologist', 'neurologists', 'oncologist', 'oncologists', 'psychiatrist', 'psychiatrists', 'anesthesiologist',
  'anesthesiologists', 'dentist', 'dentists', 'obstetrician', 'obstetricians', 'pediatrician', 'pediatricians',
  'gastroenterologist', 'nephrologist', 'pulmonologist', 'rheumatologist', 'dermatologist', 'endocrinologist', 'urologist',
];

/**
 * Frames that report a view without naming its holder: the speaker sets the view apart ("there's
 * this idea that ...", "the myth that ...", "a culture of ..."), as when clinicians criticize a
 * colleague's or society's view (Part 3, pitfalls 11 and 12 of the reference; issue 14).
 */
export const DEFAULT_REPORTING_FRAMES = [
  '(the|this|that) (idea|notion|myth|stereotype|assumption|belief|attitude|perception|mentality|narrative|stigma|view|trope) that',
  '(a|the|this|that) (culture|mentality|attitude|habit) of',
  '(the|this|that) (old|whole|common) (idea|notion|myth|stereotype|assumption|belief|attitude|line|saying) that',
  // The view placed where it is held ("this attitude on the unit that ...", "a culture here of ...").
  '(idea|notion|belief|attitude|culture|mentality|view) (here|around here|on the unit|on the floor|on the ward|in medicine|in healthcare|in health care|among staff|among the nurses|among doctors|in this hospital|in the er|in the ed) (that|of)',
  // The patient's own words, quoted ("in her words: ...").
  "in (his|her|their|the patient's|pt's|patient's) (own|) words",
];

/** What `settings.others` holds where a lexicon leaves a key out: no groups, nobody, no links. */
const DEFAULT_OTHERS: OthersSettings = { groups: [], people: [], links: [], window: 4 };

export const DEFAULT_SETTINGS: LexiconSettings = {
  placement: { relational_min: 1, antithetical_min: 1, mixed_min_share: 0 },
  negation: { window: 5, cues: DEFAULT_NEGATION_CUES, terminators: ['but', 'however', 'although', 'though', 'yet'], pseudo: DEFAULT_PSEUDO_NEGATIONS, categories: { stigma: 'keep', antithetical: 'cancel', principle: 'cancel', structural: 'keep' } },
  mention: { window: 3, cues: ['word', 'words', 'term', 'terms', 'label', 'labels', 'myself', 'himself', 'herself', 'themselves', 'themself', 'ourselves', 'yourself', 'replace', 'replaces', 'replaced', 'replacing'] },
  attribution: {
    count: false,
    categories: ['stigma', 'antithetical'],
    window: 8,
    verbs: DEFAULT_REPORTING_VERBS,
    subjects: DEFAULT_REPORTING_SUBJECTS,
    subject_window: 6,
    speaker: ['i', 'we', 'me', 'us', 'myself', 'ourselves', "i'm", "i've", "we've", "i'd"],
    naming: [
      'say', 'says', 'said', 'saying', 'call', 'calls', 'called', 'calling', 'refer to', 'refers to', 'referred to', 'referring to',
      'label', 'labels', 'labeled', 'labelled', 'labeling', 'labelling', 'describe', 'describes', 'described', 'describing', 'use the word', 'using the word', 'use words like', 'using words like',
      'write', 'writes', 'wrote', 'writing', 'chart', 'charting', 'document', 'documenting', 'type', 'typing',
    ],
    frames: DEFAULT_REPORTING_FRAMES,
  },
  speakers: {},
};

/** One lexicon file after validation, before merging. */
export interface ParsedLexiconFile {
  file: string;
  name: string;
  version: string;
  description?: string;
  extends: string[];
  settings: DeepPartial<LexiconSettings>;
  entries: LexiconEntry[];
  /** Positions of entry terms, for duplicate-term problems found when merging. */
  termPositions: Map<LexiconEntry, Positioned[]>;
  /** Entries that set `negation` themselves (the others take their category's default when merged). */
  explicitNegation?: Set<LexiconEntry>;
  /** Named word classes defined in this file. */
  sets?: Record<string, string[]>;
  /** Terms and patterns that use sets, checked when merged. */
  deferred?: DeferredTerm[];
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

interface RawEntry {
  id?: string;
  category?: Category;
  principle?: Principle;
  group?: string;
  terms?: string[];
  patterns?: string[];
  stem?: boolean;
  weight?: number;
  severity?: Severity;
  suggest?: string[];
  note?: string;
  source?: string;
  negation?: NegationBehaviour;
  exceptions?: { before?: string[]; after?: string[]; window?: number };
  requires?: { any?: string[]; window?: number };
  unless?: { any?: string[]; window?: number };
  near?: { all?: string[][]; within?: number; across?: boolean };
  examples?: { match?: string[]; no_match?: string[] };
}

/** A term or pattern that uses a set: checked when the files are merged and every set is known. */
export interface DeferredTerm {
  file: string;
  line: number;
  column: number;
  /** The entry that uses it, or '' for a setting. */
  entry: string;
  /** The setting that uses it ("settings.others.people"), when not an entry. */
  setting?: string;
  text: string;
  pattern: boolean;
}

/**
 * Validate one file. Unless the YAML itself is broken, a file with problems is still returned
 * (without its broken parts), so that problems found later (duplicate terms across entries) are
 * reported in the same run as the structural ones.
 */
export function parseLexiconFile(text: string, file: string): { parsed?: ParsedLexiconFile; problems: LexiconProblem[] } {
  const { value, problems, positions } = validateYaml(text, file, LEXICON_SPEC);
  if (value === undefined || problems.some((p) => p.code === 'yaml-syntax')) return { problems };
  const raw = value as { name?: string; version?: string; description?: string; extends?: string[]; settings?: DeepPartial<LexiconSettings>; sets?: Record<string, string[]>; entries?: (RawEntry | undefined)[] };
  const at = (path: string, fallback: Positioned = { line: 1, column: 1 }) => positions.get(path) ?? fallback;
  const entries: LexiconEntry[] = [];
  const termPositions = new Map<LexiconEntry, Positioned[]>();
  const explicitNegation = new Set<LexiconEntry>();
  const seenIds = new Map<string, number>();
  const deferred: DeferredTerm[] = [];
  const sets: Record<string, string[]> = {};
  for (const [name, members] of Object.entries(raw.sets ?? {})) {
    if (!Array.isArray(members)) continue;
    const f = flattenSet(members);
    if (f.problem) problems.push({ file, ...at(`sets.${name}`), code: f.problem.code, message: `set "${name}": ${f.problem.message}` });
    else for (const m of f.members) for (const tp of parseTerm(m).problems) problems.push({ file, ...at(`sets.${name}`), code: tp.code, message: `set "${name}": ${tp.message}` });
    sets[name] = members;
  }

  // Cue lists of the settings are term syntax: each problem at its own line and column.
  const cueLists: [string, unknown][] = [
    ['negation.cues', raw.settings?.negation?.cues],
    ['negation.pseudo', raw.settings?.negation?.pseudo],
    ['mention.cues', raw.settings?.mention?.cues],
    ['mention.after', raw.settings?.mention?.after],
    ['attribution.verbs', raw.settings?.attribution?.verbs],
    ['attribution.speaker', raw.settings?.attribution?.speaker],
    ['attribution.naming', raw.settings?.attribution?.naming],
    ['attribution.frames', raw.settings?.attribution?.frames],
    ['others.people', raw.settings?.others?.people],
    ['others.links', raw.settings?.others?.links],
  ];
  for (const [path, list] of cueLists) {
    if (!Array.isArray(list)) continue;
    list.forEach((cue, i) => {
      if (typeof cue !== 'string') return; // already reported by the structural pass
      // A person phrase that uses a set is checked when the files are merged, when every set is known.
      if (path === 'others.people' && setRefs(cue).length) {
        deferred.push({ file, ...at(`settings.${path}.${i}`, at(`settings.${path}`)), entry: '', setting: `settings.${path}`, text: cue, pattern: false });
        return;
      }
      for (const tp of parseTerm(cue).problems) problems.push({ file, ...at(`settings.${path}.${i}`, at(`settings.${path}`)), code: tp.code, message: `"settings.${path}": ${tp.message}` });
    });
  }

  // A speaker label pattern runs on the linear-time engine too: refused here, with its position, when it cannot.
  const labelPattern = raw.settings?.speakers?.label_pattern;
  if (typeof labelPattern === 'string') {
    const why = patternProblem(labelPattern);
    if (why) problems.push({ file, ...at('settings.speakers.label_pattern'), code: 'unsafe-pattern', message: `"settings.speakers.label_pattern": ${why}` });
  }
  (raw.entries ?? []).forEach((r, i) => {
    if (!r || !r.id || !r.category) return; // already reported by the structural pass
    const base = `entries.${i}`;
    const here = at(base);
    const problem = (path: string, code: string, message: string) =>
      problems.push({ file, ...at(path, here), code, message: `${message} (entry "${r.id}")`, entry: r.id });
    if (seenIds.has(r.id)) problem(`${base}.id`, 'duplicate-id', `id "${r.id}" is used twice (first by entry #${seenIds.get(r.id)! + 1})`);
    seenIds.set(r.id, i);
    if (r.category === 'principle' && !('principle' in r)) problem(base, 'missing-principle', 'a principle entry needs "principle" (one of the six)');
    if (r.category !== 'principle' && r.principle) problem(`${base}.principle`, 'unexpected-principle', `"principle" is only for principle entries, not ${r.category}`);
    const near = r.near?.all?.length ? r.near.all : undefined;
    if (!r.terms?.length && !r.patterns?.length && !near) problem(base, 'no-terms', 'an entry needs "terms", "patterns" or "near"');
    if (near && r.terms?.length) problem(`${base}.near`, 'near-and-terms', 'an entry has "terms" or "near", not both (the first list of "near" is its terms)');
    // A term that uses a set is checked when the files are merged, when every set is known.
    const checkTerm = (t: string, path: string) => {
      if (!t.trim()) return;
      if (setRefs(t).length) deferred.push({ file, ...at(path, here), entry: r.id!, text: t, pattern: false });
      else for (const tp of parseTerm(t).problems) problem(path, tp.code, tp.message);
    };
    (r.terms ?? []).forEach((t, k) => checkTerm(t, `${base}.terms.${k}`));
    (r.patterns ?? []).forEach((p, k) => {
      if (/(?<![?\\k])<[a-z][a-z0-9_-]*>/.test(p)) {
        deferred.push({ file, ...at(`${base}.patterns.${k}`, here), entry: r.id!, text: p, pattern: true });
        return;
      }
      const why = patternProblem(p);
      if (why) problem(`${base}.patterns.${k}`, 'unsafe-pattern', why);
    });
    for (const [list, path] of [
      [r.exceptions?.before, `${base}.exceptions.before`],
      [r.exceptions?.after, `${base}.exceptions.after`],
      [r.requires?.any, `${base}.requires.any`],
      [r.unless?.any, `${base}.unless.any`],
      ...(near ?? []).map((l, k) => [l, `${base}.near.all.${k}`] as const),
    ] as const) {
      (list ?? []).forEach((t, k) => checkTerm(t, `${path}.${k}`));
    }
    const entry: LexiconEntry = {
      id: r.id,
      category: r.category,
      ...(r.principle ? { principle: r.principle } : {}),
      ...(r.group ? { group: r.group } : {}),
      terms: r.terms ?? [],
      patterns: r.patterns ?? [],
      stem: r.stem ?? false,
      weight: r.weight ?? 1,
      severity: r.severity ?? (r.category === 'stigma' || r.category === 'antithetical' ? 'warning' : 'info'),
      suggest: r.suggest ?? [],
      ...(r.note ? { note: r.note } : {}),
      ...(r.source ? { source: r.source } : {}),
      negation: r.negation ?? 'cancel',
      ...(r.exceptions ? { exceptions: { before: r.exceptions.before ?? [], after: r.exceptions.after ?? [], window: r.exceptions.window ?? 3 } } : {}),
      ...(r.requires ? { requires: { phrases: r.requires.any ?? [], window: r.requires.window ?? 6 } } : {}),
      ...(r.unless ? { unless: { phrases: r.unless.any ?? [], window: r.unless.window ?? 6 } } : {}),
      ...(near ? { near: { all: near, within: r.near?.within ?? 6, ...(r.near?.across ? { across: true } : {}) } } : {}),
      examples: { match: r.examples?.match ?? [], no_match: r.examples?.no_match ?? [] },
      origin: { file, ...here },
    };
    entries.push(entry);
    if (r.negation !== undefined) explicitNegation.add(entry);
    termPositions.set(
      entry,
      near ? near[0]!.map((_, k) => at(`${base}.near.all.0.${k}`, here)) : entry.terms.map((_, k) => at(`${base}.terms.${k}`, here)),
    );
  });
  return {
    parsed: {
      file,
      name: raw.name ?? '',
      version: raw.version ?? '',
      ...(raw.description ? { description: raw.description } : {}),
      extends: raw.extends ?? [],
      settings: raw.settings ?? {},
      entries,
      termPositions,
      explicitNegation,
      ...(Object.keys(sets).length ? { sets } : {}),
      ...(deferred.length ? { deferred } : {}),
    },
    problems,
  };
}

function mergeSettings(base: LexiconSettings, over: DeepPartial<LexiconSettings>): LexiconSettings {
  return {
    placement: { ...base.placement, ...(over.placement as Partial<LexiconSettings['placement']>) },
    negation: {
      ...base.negation,
      ...(over.negation as Partial<LexiconSettings['negation']>),
      categories: { ...base.negation.categories, ...(over.negation?.categories as LexiconSettings['negation']['categories']) },
      ...(base.negation.groups || over.negation?.groups ? { groups: { ...base.negation.groups, ...(over.negation?.groups as Record<string, 'cancel' | 'keep'>) } } : {}),
    },
    mention: { ...base.mention, ...(over.mention as Partial<LexiconSettings['mention']>) },
    attribution: { ...base.attribution, ...(over.attribution as Partial<LexiconSettings['attribution']>) },
    speakers: { ...base.speakers, ...(over.speakers as Partial<LexiconSettings['speakers']>) },
    ...(base.others || over.others ? { others: { ...DEFAULT_OTHERS, ...base.others, ...(over.others as Partial<OthersSettings>) } } : {}),
  };
}

/** sha256 of the canonical JSON of what affects results. */
export function lexiconHash(settings: LexiconSettings, entries: readonly LexiconEntry[], sets?: Record<string, string[]>): string {
  const canonical = JSON.stringify({ settings, ...(sets ? { sets } : {}), entries: entries.map(({ origin: _o, ...rest }) => rest) });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Merge files in order (extended ones first); a later entry with the same id replaces the earlier
 * one in place. The last file names the lexicon. Then compile, turning term conflicts into problems.
 */
export function mergeLexicons(files: readonly ParsedLexiconFile[]): { lexicon?: Lexicon; compiled?: CompiledLexicon; problems: LexiconProblem[] } {
  const problems: LexiconProblem[] = [];
  let settings = DEFAULT_SETTINGS;
  const byId = new Map<string, LexiconEntry>();
  const positions = new Map<LexiconEntry, Positioned[]>();
  const explicit = new Set<LexiconEntry>();
  const sets: Record<string, string[]> = {};
  for (const f of files) {
    settings = mergeSettings(settings, f.settings);
    Object.assign(sets, f.sets ?? {});
    for (const e of f.entries) {
      byId.delete(e.id); // re-insert so order follows the latest definition
      byId.set(e.id, e);
      positions.set(e, f.termPositions.get(e) ?? []);
      if (f.explicitNegation?.has(e)) explicit.add(e);
    }
  }
  const last = files[files.length - 1];
  // An entry that does not set `negation` takes its category's default from the merged settings.
  const entries = [...byId.values()].map((e) => {
    const byGroup = e.group !== undefined && settings.negation.groups && Object.hasOwn(settings.negation.groups, e.group) ? settings.negation.groups[e.group] : undefined;
    const wanted = byGroup ?? settings.negation.categories[e.category] ?? 'cancel';
    if (explicit.has(e) || e.negation === wanted) return e;
    const resolved = { ...e, negation: wanted };
    positions.set(resolved, positions.get(e) ?? []);
    return resolved;
  });
  const hasSets = Object.keys(sets).length > 0;
  const lexicon: Lexicon = {
    name: last?.name ?? 'empty',
    version: last?.version ?? '0',
    ...(last?.description ? { description: last.description } : {}),
    settings,
    ...(hasSets ? { sets } : {}),
    entries,
    sha256: lexiconHash(settings, entries, hasSets ? sets : undefined),
    files: files.map((f) => f.file),
  };
  // Terms and patterns that use sets, now that every set is known.
  const ids = new Set(entries.map((e) => e.id));
  for (const f of files) {
    for (const d of f.deferred ?? []) {
      if (d.setting === undefined && !ids.has(d.entry)) continue;
      const problem = (code: string, message: string) =>
        problems.push(d.setting !== undefined ? { file: d.file, line: d.line, column: d.column, code, message: `"${d.setting}": ${message}` } : { file: d.file, line: d.line, column: d.column, code, message: `${message} (entry "${d.entry}")`, entry: d.entry });
      if (d.pattern) {
        const { text, problem: p } = expandSetsInPattern(d.text, sets);
        if (p) problem(p.code, p.message);
        else {
          const why = patternProblem(text);
          if (why) problem('unsafe-pattern', why);
        }
      } else for (const tp of parseTermWith(d.text, sets).problems) problem(tp.code, tp.message);
    }
  }
  const { compiled, conflicts } = compileLexicon(lexicon);
  for (const c of conflicts) {
    const e = entries[c.entry]!;
    const first = entries[c.firstEntry]!;
    const pos = positions.get(e)?.[c.term] ?? { line: e.origin?.line ?? 1, column: e.origin?.column ?? 1 };
    problems.push({
      file: e.origin?.file ?? '',
      ...pos,
      code: 'duplicate-term',
      message: `"${c.phrase}" is also a term of entry "${first.id}"${first.origin ? ` (${first.origin.file}:${first.origin.line})` : ''}; a phrase may belong to one entry only (entry "${e.id}")${
        first.origin?.file !== e.origin?.file ? `. To change entry "${first.id}" of a lexicon you extend, give your entry its id ("id: ${first.id}"): an entry with the same id overrides it` : ''
      }`,
      entry: e.id,
    });
  }
  if (problems.length) return { problems };
  return { lexicon, compiled, problems };
}

/** Problems in reading order: by file, then line, then column. */
export function sortProblems(problems: LexiconProblem[]): LexiconProblem[] {
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}
