/**
 * The lexicon file format as data. One specification drives three things, so they cannot drift:
 * the validator (`validate.ts`), the generated JSON Schema (`lexicons/lexicon.schema.json`) and the
 * key hints ("did you mean").
 */
import { CATEGORIES, PRINCIPLES, SEVERITIES } from '../types.js';

export type Spec =
  | { kind: 'string'; description?: string; pattern?: string; minLength?: number }
  | { kind: 'number'; description?: string; min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean }
  | { kind: 'boolean'; description?: string }
  | { kind: 'enum'; description?: string; values: readonly (string | number)[] }
  | { kind: 'array'; description?: string; items: Spec; minItems?: number }
  /** A string, or a list of strings (normalized to a list). */
  | { kind: 'strings'; description?: string; minItems?: number }
  | { kind: 'object'; description?: string; props: Record<string, Prop> }
  /** A mapping with keys of the caller's choosing (matching `keyPattern`), each value a `values`. */
  | { kind: 'map'; description?: string; keyPattern: string; values: Spec }
  | { kind: 'oneOf'; description?: string; options: Spec[] };

export interface Prop {
  spec: Spec;
  required?: boolean;
}

const phraseList: Spec = { kind: 'strings', description: 'Phrases in term syntax.' };

export const ENTRY_SPEC: Spec = {
  kind: 'object',
  description: 'One lexicon entry: a concept with its terms, category, evidence weight and citation.',
  props: {
    id: { required: true, spec: { kind: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', description: 'Unique id.' } },
    category: { required: true, spec: { kind: 'enum', values: CATEGORIES } },
    principle: { spec: { kind: 'enum', values: PRINCIPLES, description: 'Required for, and only allowed on, principle entries.' } },
    group: { spec: { kind: 'string', minLength: 1, description: 'A free sub-category for reports.' } },
    terms: { spec: { kind: 'strings', minItems: 1, description: 'Words and phrases (see docs/lexicon.md, "Term syntax").' } },
    patterns: { spec: { kind: 'strings', minItems: 1, description: 'Safe regular expressions over the normalized lower-case text.' } },
    stem: { spec: { kind: 'boolean', description: 'Match every term word by its Porter stem.' } },
    weight: { spec: { kind: 'number', min: 0, exclusiveMin: true, max: 10, description: 'Evidence weight (default 1).' } },
    severity: { spec: { kind: 'enum', values: SEVERITIES } },
    suggest: { spec: { kind: 'strings', description: 'Preferred language.' } },
    note: { spec: { kind: 'string' } },
    source: { spec: { kind: 'string', minLength: 1, description: 'Citation.' } },
    negation: {
      spec: {
        kind: 'oneOf',
        description: 'What a negation cue before the match does.',
        options: [
          { kind: 'enum', values: ['cancel', 'keep'] },
          { kind: 'object', props: { becomes: { required: true, spec: { kind: 'enum', values: PRINCIPLES } } } },
        ],
      },
    },
    exceptions: {
      spec: {
        kind: 'object',
        description: 'Phrases next to the match that mean it is not a match.',
        props: {
          before: { spec: phraseList },
          after: { spec: phraseList },
          window: { spec: { kind: 'number', integer: true, min: 1, max: 20 } },
        },
      },
    },
    requires: {
      spec: {
        kind: 'object',
        description: 'The match counts only with one of these phrases nearby, in the same sentence.',
        props: {
          any: { required: true, spec: { kind: 'strings', minItems: 1 } },
          window: { spec: { kind: 'number', integer: true, min: 1, max: 30 } },
        },
      },
    },
    unless: {
      spec: {
        kind: 'object',
        description: 'A sense rule: the match is not this sense when one of these phrases is nearby, in the same sentence ("dirty" next to urine or screen is a result, not a person).',
        props: {
          any: { required: true, spec: { kind: 'strings', minItems: 1 } },
          window: { spec: { kind: 'number', integer: true, min: 1, max: 30 } },
        },
      },
    },
    near: {
      spec: {
        kind: 'object',
        description: 'A proximity rule: a phrase of every list within `within` words of a phrase of the first list (the anchor), in the same sentence, in any order. Instead of `terms`.',
        props: {
          all: { required: true, spec: { kind: 'array', minItems: 2, items: { kind: 'strings', minItems: 1 }, description: 'Lists of phrases (term syntax, <sets> allowed); put the rarest idea first: it is looked up, the others are searched around it.' } },
          within: { spec: { kind: 'number', integer: true, min: 1, max: 20, description: 'Words between the anchor and each other phrase, at most (default 6).' } },
          across: { spec: { kind: 'boolean', description: 'The lists, requires and unless reach over sentence ends (not over a blank line), still within `within` words: an idea told in two short sentences (default false).' } },
        },
      },
    },
    examples: {
      spec: {
        kind: 'object',
        description: 'Sentences checked by `harmlex lexicon test` and `npm test`.',
        props: { match: { spec: { kind: 'strings' } }, no_match: { spec: { kind: 'strings' } } },
      },
    },
  },
};

export const LEXICON_SPEC: Spec = {
  kind: 'object',
  description: 'A harmlex lexicon.',
  props: {
    harmlex: { required: true, spec: { kind: 'enum', values: [1], description: 'Schema version.' } },
    name: { required: true, spec: { kind: 'string', minLength: 1 } },
    version: { required: true, spec: { kind: 'string', minLength: 1 } },
    description: { spec: { kind: 'string' } },
    extends: { spec: { kind: 'strings', description: '`default` or paths relative to this file, merged first in order.' } },
    sets: {
      spec: {
        kind: 'map',
        keyPattern: '^[a-z][a-z0-9_-]*$',
        values: { kind: 'strings', minItems: 1 },
        description: 'Named word classes: `patients: [them, patients, people]` is used as `<patients>` in terms, context phrases, near lists and patterns. Members are phrases in term syntax (groups allowed, no <sets>). A file extending another may add sets or replace one by name.',
      },
    },
    settings: {
      spec: {
        kind: 'object',
        props: {
          placement: {
            spec: {
              kind: 'object',
              props: {
                relational_min: { spec: { kind: 'number', min: 0, exclusiveMin: true } },
                antithetical_min: { spec: { kind: 'number', min: 0, exclusiveMin: true } },
                mixed_min_share: { spec: { kind: 'number', min: 0, max: 0.5 } },
              },
            },
          },
          negation: {
            spec: {
              kind: 'object',
              props: {
                window: { spec: { kind: 'number', integer: true, min: 1, max: 15 } },
                cues: { spec: { kind: 'strings', minItems: 1 } },
                terminators: { spec: { kind: 'strings' } },
                categories: {
                  spec: {
                    kind: 'object',
                    description: 'What a negation cue does to entries that do not set `negation`, by category (default: stigma keep, the others cancel). A negated stigma label is still the label.',
                    props: Object.fromEntries(CATEGORIES.map((c) => [c, { spec: { kind: 'enum', values: ['cancel', 'keep'] } }])),
                  },
                },
                pseudo: { spec: { kind: 'strings', description: 'Pseudo-negations: phrases that begin with a cue but negate nothing after them ("no doubt", "not only", "won\'t lie"); term syntax.' } },
                groups: {
                  spec: {
                    kind: 'map',
                    keyPattern: '^.+$',
                    values: { kind: 'enum', values: ['cancel', 'keep'] },
                    description: 'The same by entry `group`, before the category default: e.g. `credibility: cancel` (a denied behaviour, "not lazy", is not a label).',
                  },
                },
              },
            },
          },
          attribution: {
            spec: {
              kind: 'object',
              description: 'Speech reported from others ("my colleagues call them frequent flyers"): a reporting verb with a third-party subject before a match in the same clause marks it `attributed`; it counts only with `count: true`.',
              props: {
                count: { spec: { kind: 'boolean', description: 'Count attributed matches as the speaker\'s evidence (default false).' } },
                categories: { spec: { kind: 'array', items: { kind: 'enum', values: CATEGORIES }, description: 'Categories whose matches may be attributed (default stigma, antithetical).' } },
                window: { spec: { kind: 'number', integer: true, min: 1, max: 20, description: 'Words between the reporting verb and the match, at most.' } },
                verbs: { spec: { kind: 'strings', description: 'Reporting verbs, term syntax (say, call, think, refer to, ...).' } },
                subjects: { spec: { kind: 'strings', description: 'Third-party subjects, single words (colleagues, doctors, people, they, some, ...).' } },
                subject_window: { spec: { kind: 'number', integer: true, min: 1, max: 6, description: 'Words between the subject and the verb, at most.' } },
                speaker: { spec: { kind: 'strings', description: 'Words that put the speaker in the subject (I, we, me): not attributed.' } },
                naming: { spec: { kind: 'strings', description: 'Naming verbs (call, say, refer to, label, ...): a negation cue right before one ("I would never call anyone an addict") makes the match a mention.' } },
                frames: { spec: { kind: 'strings', description: 'Frames that report a view without naming its holder (the idea that, the myth that, a culture of): a match after one is attributed unless a speaker word stands just before the frame.' } },
              },
            },
          },
          others: {
            spec: {
              kind: 'object',
              description: 'Descriptors of people other than the patient ("husband belligerent on the phone"): a match of an entry in one of `groups` right after one of `people` (across `links` words) is dropped.',
              props: {
                groups: { spec: { kind: 'strings', description: 'Entry groups whose matches describe a person (difficult-patient, compliance, ...).' } },
                people: { spec: { kind: 'strings', description: 'People other than the patient: relatives, friends, staff (term syntax; sets allowed, e.g. "<others>").' } },
                links: { spec: { kind: 'strings', description: 'Single words that may stand between the person and the match (was, is, very, not, ...).' } },
                window: { spec: { kind: 'number', integer: true, min: 1, max: 8, description: 'Words between the person and the match, at most.' } },
              },
            },
          },
          mention: {
            spec: {
              kind: 'object',
              description: 'Cues before a stigma or antithetical match that make it a mention (talk about the word, or self-description), which does not count.',
              props: {
                window: { spec: { kind: 'number', integer: true, min: 1, max: 10 } },
                cues: { spec: { kind: 'strings' } },
                after: { spec: { kind: 'strings', description: 'Cues after a match that make it a mention ("is an outdated term", "as words to avoid"): one starting within `window` words after the match, in its clause.' } },
              },
            },
          },
          speakers: {
            spec: {
              kind: 'object',
              props: {
                label_pattern: { spec: { kind: 'string', minLength: 1, description: 'Regular expression for a speaker label at a line start; group 1 is the name.' } },
              },
            },
          },
        },
      },
    },
    entries: { spec: { kind: 'array', items: ENTRY_SPEC } },
  },
};

/** JSON Schema (draft 2020-12) for a spec. */
export function toJsonSchema(spec: Spec): Record<string, unknown> {
  const described = (o: Record<string, unknown>) => (spec.description ? { description: spec.description, ...o } : o);
  switch (spec.kind) {
    case 'string':
      return described({ type: 'string', ...(spec.pattern ? { pattern: spec.pattern } : {}), ...(spec.minLength ? { minLength: spec.minLength } : {}) });
    case 'number': {
      const o: Record<string, unknown> = { type: spec.integer ? 'integer' : 'number' };
      if (spec.min !== undefined) o[spec.exclusiveMin ? 'exclusiveMinimum' : 'minimum'] = spec.min;
      if (spec.max !== undefined) o.maximum = spec.max;
      return described(o);
    }
    case 'boolean':
      return described({ type: 'boolean' });
    case 'enum':
      return described({ enum: [...spec.values] });
    case 'array':
      return described({ type: 'array', items: toJsonSchema(spec.items), ...(spec.minItems ? { minItems: spec.minItems } : {}) });
    case 'strings':
      return described({
        anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 }, ...(spec.minItems ? { minItems: spec.minItems } : {}) }],
      });
    case 'object': {
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const [k, p] of Object.entries(spec.props)) {
        properties[k] = toJsonSchema(p.spec);
        if (p.required) required.push(k);
      }
      return described({ type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false });
    }
    case 'map':
      return described({ type: 'object', propertyNames: { pattern: spec.keyPattern }, additionalProperties: toJsonSchema(spec.values) });
    case 'oneOf':
      return described({ oneOf: spec.options.map(toJsonSchema) });
  }
}

export function lexiconJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/harmlex/harmlex/lexicons/lexicon.schema.json',
    title: 'harmlex lexicon',
    ...toJsonSchema(LEXICON_SPEC),
  };
}
