/**
 * A fingerprint of some of harmlex's own code, as it is on disk (built .js, or .ts under the test
 * runner): the caches key on it, so a change to the code that made an entry makes the entry
 * unusable without relying on a version bump (development builds all say 0.1.0).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_ROOT = dirname(fileURLToPath(import.meta.url));
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const stamps = new Map<string, string>();

/**
 * The sha256 of these modules, named without their extension relative to src/ (or dist/): a
 * folder stands for its modules (not its subfolders). `root`: another folder (for tests).
 */
export function codeStamp(names: readonly string[], root = SOURCE_ROOT): string {
  const key = `${root}\n${names.join('\n')}`;
  let stamp = stamps.get(key);
  if (stamp !== undefined) return stamp;
  const hash = createHash('sha256');
  for (const name of names) {
    const path = join(root, name);
    let files: string[];
    try {
      files = statSync(path).isDirectory()
        ? readdirSync(path)
            .filter((f) => f.endsWith(EXT) && !f.endsWith('.d.ts'))
            .sort()
            .map((f) => join(path, f))
        : [];
    } catch {
      files = [`${path}${EXT}`];
    }
    for (const f of files) {
      hash.update(f.slice(root.length));
      try {
        hash.update(readFileSync(f));
      } catch {
        hash.update('\u0000missing'); // (a module that is not there cannot have made an entry either)
      }
    }
  }
  stamps.set(key, (stamp = hash.digest('hex')));
  return stamp;
}
