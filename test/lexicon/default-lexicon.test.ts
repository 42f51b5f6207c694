/**
 * The built-in lexicon's own examples, and the generated docs/default-lexicon.md. Skipped (with a
 * message) while lexicons/default.yaml is not in the checkout: it lands separately.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeHit, runExamples } from '../../src/examples.js';
import { loadLexiconFiles } from '../../src/io/lexicon-files.js';
import { runCli } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT = `${root}lexicons/default.yaml`;
const DOC = `${root}docs/default-lexicon.md`;
const present = existsSync(DEFAULT);
if (!present) console.warn('skipping default-lexicon tests: lexicons/default.yaml is not in this checkout');

describe.skipIf(!present)('the default lexicon', () => {
  it('passes every example of every entry', async () => {
    const { compiled } = await loadLexiconFiles([DEFAULT], root);
    const { failures } = runExamples(compiled);
    const listing = failures.map((f) => `${f.entry} ${f.kind}: ${JSON.stringify(f.sentence)}: ${f.reason}${f.matched.length ? ` [${f.matched.map(describeHit).join('; ')}]` : ''}`);
    expect(listing).toEqual([]);
  });

  it('matches docs/default-lexicon.md (regenerate with `npm run docs:lexicon`)', async () => {
    const { stdout, code } = await runCli(['lexicon', 'list', '--format', 'markdown', '-l', 'default'], { cwd: root });
    expect(code).toBe(0);
    expect(existsSync(DOC), 'docs/default-lexicon.md is missing: run `npm run docs:lexicon`').toBe(true);
    expect(readFileSync(DOC, 'utf8'), 'docs/default-lexicon.md is out of date: run `npm run docs:lexicon`').toBe(stdout);
  });
});
