/** docs/api.md's example runs as written and prints what the page says it prints. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('docs/api.md', () => {
  it('the example file is the code shown, and prints the output shown', () => {
    const page = readFileSync(`${root}docs/api.md`, 'utf8');
    const example = readFileSync(`${root}docs/examples/api-example.mjs`, 'utf8');
    const [, shownCode] = /```js\n([\s\S]*?)```/.exec(page) ?? [];
    const [, shownOutput] = /prints\n\n```text\n([\s\S]*?)```/.exec(page) ?? [];
    // The file differs only in its comment header and its import path (the package name on the page).
    const body = example.replace(/^(\/\/.*\n)+/, '').replace("'../../dist/index.js'", "'harmlex'");
    expect(body).toBe(shownCode);
    const r = spawnSync(process.execPath, [`${root}docs/examples/api-example.mjs`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(shownOutput);
  });
});
