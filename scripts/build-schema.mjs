#!/usr/bin/env node
// Writes lexicons/lexicon.schema.json from the validator's own specification (src/lexicon/spec.ts).
// `npm run schema` after `npm run build`; test/lexicon/schema.test.ts fails when the committed copy drifts.
import { writeFileSync } from 'node:fs';
import { lexiconJsonSchema } from '../dist/lexicon/spec.js';

const out = new URL('../lexicons/lexicon.schema.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(lexiconJsonSchema(), null, 2)}\n`);
console.error(`wrote ${out.pathname}`);
