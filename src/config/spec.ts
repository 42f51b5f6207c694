/**
 * The harmlex config file format as data (`.harmlex.yaml`, `harmlex.config.yaml`, or the `harmlex`
 * key of package.json), validated with the lexicon machinery: unknown keys and bad values are
 * problems with file:line:col. `add` entries are lexicon entries (ENTRY_SPEC).
 */
import { ENTRY_SPEC, type Spec } from '../lexicon/spec.js';
import { SEVERITIES } from '../types.js';

const severity: Spec = { kind: 'enum', values: SEVERITIES, description: 'The lowest severity that fails the check.' };

export const ALLOW_SPEC: Spec = {
  kind: 'object',
  description: 'Language a team accepts: an entry id or an exact phrase, with the reason.',
  props: {
    entry: { spec: { kind: 'string', minLength: 1, description: 'An entry id.' } },
    phrase: { spec: { kind: 'string', minLength: 1, description: 'An exact phrase (case and spacing ignored).' } },
    reason: { required: true, spec: { kind: 'string', minLength: 1, description: 'Why it is accepted.' } },
  },
};

export const CONFIG_SPEC: Spec = {
  kind: 'object',
  description: 'harmlex configuration.',
  props: {
    lexicons: { spec: { kind: 'strings', description: 'Lexicon files, relative to the config file, merged in order over the default lexicon.' } },
    replaceDefault: { spec: { kind: 'boolean', description: 'Use only `lexicons`, not the built-in default under them.' } },
    allow: { spec: { kind: 'array', items: ALLOW_SPEC } },
    add: { spec: { kind: 'array', items: ENTRY_SPEC, description: 'Local entries, in the lexicon format.' } },
    ignore: { spec: { kind: 'strings', description: 'Globs (relative to the config file) of files not to check.' } },
    failOn: { spec: severity },
    requireReasons: { spec: { kind: 'boolean', description: 'Suppression comments must give a reason after " -- " (a directive without one is a harmlex/invalid-directive warning).' } },
    maxWarnings: { spec: { kind: 'number', integer: true, min: 0, description: 'Fail when there are more warnings than this.' } },
    overrides: {
      spec: {
        kind: 'array',
        description: 'Settings for files matching globs; later overrides win.',
        items: {
          kind: 'object',
          props: {
            files: { required: true, spec: { kind: 'strings', minItems: 1, description: 'Globs relative to the config file.' } },
            allow: { spec: { kind: 'array', items: ALLOW_SPEC } },
            failOn: { spec: severity },
          },
        },
      },
    },
  },
};
