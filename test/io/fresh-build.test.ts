/**
 * Worker threads run the build (dist/), never the TypeScript under test: the global setup builds
 * before any test (test/global-setup.ts). This fails when a source file is newer than its build,
 * as it would be if the setup stopped building and a test ran old worker code.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the build the workers run', () => {
  it('is no older than any source file', () => {
    const stale: string[] = [];
    for (const src of sources(join(ROOT, 'src'))) {
      const built = join(ROOT, 'dist', relative(join(ROOT, 'src'), src)).replace(/\.ts$/, '.js');
      let builtAt = 0;
      try {
        builtAt = statSync(built).mtimeMs;
      } catch {
        // missing: stale too
      }
      if (builtAt < statSync(src).mtimeMs) stale.push(relative(ROOT, src));
    }
    expect(stale).toEqual([]);
  });
});
