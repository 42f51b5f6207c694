import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lexiconJsonSchema } from '../../src/lexicon/spec.js';

describe('lexicons/lexicon.schema.json', () => {
  it('is the schema generated from the validator spec (run `npm run build && npm run schema` after changing spec.ts)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../lexicons/lexicon.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(lexiconJsonSchema());
  });
  it('rejects unknown keys at every level, like the validator', () => {
    const schema = lexiconJsonSchema() as { additionalProperties: boolean; properties: { entries: { items: { additionalProperties: boolean; required: string[] } } } };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.entries.items.additionalProperties).toBe(false);
    expect(schema.properties.entries.items.required).toEqual(['id', 'category']);
  });
});
