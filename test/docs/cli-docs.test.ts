/** docs/cli.md is generated from the commander definitions; it must not drift from them (npm run docs:cli rewrites it). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

describe('docs/cli.md', () => {
  it('is what npm run docs:cli prints for the commands as defined (run it after changing an option)', async () => {
    // @ts-expect-error: a plain ESM script without types
    const { cliDocs } = (await import('../../scripts/build-cli-docs.mjs')) as { cliDocs: () => Promise<string> };
    const generated = await cliDocs();
    expect(generated).toContain('## `harmlex scan [paths...]`');
    expect(readFileSync(new URL('docs/cli.md', root), 'utf8')).toBe(generated);
  });
});
