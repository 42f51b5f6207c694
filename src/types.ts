/** Shared types of the harmlex core: lexicon entries, matches, document results. */

export const CATEGORIES = ['stigma', 'antithetical', 'principle', 'structural'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Hawk et al. 2017, Harm Reduction Journal 14:70. `accountability` = accountability without termination. */
export const PRINCIPLES = [
  'humanism',
  'pragmatism',
  'individualism',
  'autonomy',
  'incrementalism',
  'accountability',
] as const;
export type Principle = (typeof PRINCIPLES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PLACEMENTS = ['relational', 'mixed', 'antithetical', 'no-evidence'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export type NegationBehaviour = 'cancel' | 'keep' | { becomes: Principle };

export interface ContextRule {
  /** Phrases (term syntax) searched near the match. */
  phrases: string[];
  /** How many tokens on each side are searched. */
  window: number;
}

export interface LexiconEntry {
  id: string;
  category: Category;
  principle?: Principle;
  group?: string;
  terms: string[];
  patterns: string[];
  stem: boolean;
  weight: number;
  severity: Severity;
  suggest: string[];
  note?: string;
  source?: string;
  negation: NegationBehaviour;
  exceptions?: { before: string[]; after: string[]; window: number };
  requires?: ContextRule;
  /**
   * A proximity rule (instead of terms): a phrase of every list within `within` words of a phrase of
   * the first list (the anchor, looked up like a term), in the same sentence, in any order. With
   * `across`, the lists, `requires` and `unless` reach over sentence ends (not a blank line): a note's
   * or a speaker's idea told in two short sentences ("Pt declined induction. Will revisit.").
   */
  near?: { all: string[][]; within: number; across?: boolean };
  /** A sense rule: the match is not this entry's sense when one of these phrases is nearby, in the same sentence. */
  unless?: ContextRule;
  examples: { match: string[]; no_match: string[] };
  /** Where the entry was defined: for error messages and rule help. */
  origin?: { file: string; line: number; column: number };
}

export interface PlacementSettings {
  /** Weighted relational evidence needed for a document to count as showing relational harm reduction. */
  relational_min: number;
  /** Weighted antithetical evidence (stigma + antithetical framings) needed to count as antithetical. */
  antithetical_min: number;
  /** For `mixed`, the smaller side must reach this share of all evidence; otherwise the larger side wins. */
  mixed_min_share: number;
}

export type NegationDefault = 'cancel' | 'keep';

export interface NegationSettings {
  window: number;
  cues: string[];
  terminators: string[];
  /**
   * What a negation cue does to an entry that does not say (`negation:` on the entry wins), by
   * category. A negated or quantified stigma label is still the label ("not all addicts", "no
   * addicts will ..."): stigma defaults to `keep`; the other categories to `cancel`.
   */
  categories: Partial<Record<Category, NegationDefault>>;
  /**
   * The same by entry group, before the category's: descriptors of behaviour (`credibility`,
   * `compliance`: "not lazy", "doesn't claim") are denied by a negation, labels are not.
   */
  groups?: Record<string, NegationDefault>;
  /**
   * Pseudo-negations (NegEx, Chapman et al. 2001): phrases that begin with a cue but negate nothing
   * after them ("no doubt", "not only", "I won't lie").
   */
  pseudo?: string[];
}

/**
 * Attributed stance: speech reported from others ("my colleagues call them frequent flyers"). A
 * reporting verb with a third-party subject before a match, in the same clause, marks the match
 * `attributed`; it is kept as evidence and counts only when `count` is true.
 */
export interface AttributionSettings {
  count: boolean;
  /** Categories whose matches may be attributed. */
  categories: Category[];
  /** Words between the reporting verb and the match, at most (same clause). */
  window: number;
  /** Reporting verbs (term syntax): say, call, think, refer to, ... */
  verbs: string[];
  /** Third-party subjects (single words): colleagues, doctors, people, they, some, ... */
  subjects: string[];
  /** Words between the subject and the verb, at most. */
  subject_window: number;
  /** Words that make the speaker part of the subject ("my colleagues and I", "we"): not attributed. */
  speaker: string[];
  /**
   * Naming verbs (call, say, refer to, label, ...): negated before a match, whoever the subject
   * ("I would never call anyone an addict", "we stopped saying junkie"), the label is rejected, talked
   * about rather than used: a mention, which does not count.
   */
  naming: string[];
  /**
   * Frames that report a view without naming its holder ("the idea that", "the myth that", "a
   * culture of"): a match after one is attributed unless a speaker word ("I", "we") stands just
   * before the frame ("I have this idea that ..."). Optional: snapshots from before it have none.
   */
  frames?: string[];
}

export interface SpeakerSettings {
  /** A regular expression (source) matching a speaker label at the start of a line; group 1 is the name. */
  label_pattern?: string;
}

/**
 * Mentions: a stigmatizing word talked about rather than used ("the word addict"), or a person's
 * description of themselves ("calls herself an addict"). Such a match is kept as evidence with
 * `mention: true` but does not count.
 */
export interface MentionSettings {
  window: number;
  cues: string[];
  /**
   * Cues after the match ("junkie is an outdated term", "names junkie and addict as words to
   * avoid"): one starting within `window` words after it, in its clause, makes it a mention.
   * Optional: none by default.
   */
  after?: string[];
}

/**
 * Descriptors of people other than the patient: a match of an entry in one of `groups` whose
 * subject is one of `people` (a relative, a friend, a staff member: "husband belligerent on the
 * phone", "the charge nurse was curt and hostile") is not about the patient, and is dropped. The
 * subject is the phrase of `people` that the match follows in its clause, across at most `window`
 * words that are `links` ("was", "very", "not"), "and"/"or", or a descriptor coordinated with the
 * match ("curt and"); a comma, any other word, or a preposition before the person ("at the
 * nurse") leaves the match to the patient. Optional: a lexicon without it drops nothing.
 */
export interface OthersSettings {
  /** Entry groups whose matches describe a person's behaviour or state. */
  groups: string[];
  /** People other than the patient (term syntax; sets allowed). */
  people: string[];
  /** Single words that may stand between the person and the match. */
  links: string[];
  /** Words between the person and the match, at most. */
  window: number;
}

export interface LexiconSettings {
  placement: PlacementSettings;
  negation: NegationSettings;
  mention: MentionSettings;
  attribution: AttributionSettings;
  speakers: SpeakerSettings;
  others?: OthersSettings;
}

export interface Lexicon {
  name: string;
  version: string;
  description?: string;
  settings: LexiconSettings;
  /** Named word classes, used as `<name>` in terms and patterns. */
  sets?: Record<string, string[]>;
  entries: LexiconEntry[];
  /** sha256 of the canonical JSON of the merged lexicon (entries and settings). */
  sha256: string;
  /** The files the lexicon was read from, in merge order. */
  files: string[];
}

/** One hit of a lexicon entry in a document. Offsets are 0-based UTF-16 code units, end exclusive. */
export interface Match {
  entry: string;
  category: Category;
  principle: Principle | null;
  group: string | null;
  /** The matched text as written in the document. */
  text: string;
  /** 1-based line and column (column in UTF-16 code units, as editors count them). */
  line: number;
  column: number;
  /** 0-based offsets in UTF-16 code units, end exclusive (README, "Output"). */
  start: number;
  end: number;
  /** A negation cue stood before the match. */
  negated: boolean;
  /** The negation or mention cue, when there is one. */
  cue: string | null;
  /** The word is mentioned rather than used (see MentionSettings); such a match does not count. */
  mention: boolean;
  /** Speech reported from others ("my colleagues call them ..."): see AttributionSettings. */
  attributed: boolean;
  /** Whether the match counts as evidence (false when negation, a mention or attribution cancelled it). */
  counted: boolean;
  weight: number;
  severity: Severity;
  suggest: string[];
  /** A short snippet of the surrounding text; null when context is turned off. */
  context: string | null;
}

export type ScoreKey = 'relational' | 'antithetical' | 'stigma' | 'structural';

export interface DocumentScores {
  words: number;
  placement: Placement;
  /** -1 (only antithetical evidence) .. +1 (only relational evidence); null when there is no evidence. */
  continuum: number | null;
  scores: Record<ScoreKey, number>;
  counts: Record<ScoreKey, number>;
  rates: Record<ScoreKey, number>;
  principles: Record<Principle, number>;
  principles_present: number;
}

/** The score columns of the CSV output, in order. */
export const CSV_SCORE_KEYS = ['relational', 'antithetical', 'stigma', 'structural'] as const;

/**
 * The CSV output's fixed column order (docs/output.md); metadata columns follow, in input order.
 * Here, below both, because report/csv.ts writes it and io/results.ts reads it back.
 */
export const CSV_COLUMNS = [
  'id',
  'status',
  'reason',
  'words',
  'placement',
  'continuum',
  ...CSV_SCORE_KEYS.map((k) => `score_${k}`),
  ...CSV_SCORE_KEYS.map((k) => `rate_${k}`),
  ...PRINCIPLES,
  'principles_present',
  'matches',
  'top_terms',
] as const;

/** Which metadata columns pass into results (`--keep-columns`, `--drop-columns`); applied in io/meta.ts. */
export interface MetaFilter {
  keep?: readonly string[];
  drop?: readonly string[];
}
