/**
 * lexicon/assemble.ts walks `extends`, parses, merges and compiles lexicon texts the caller read:
 * here the "disk" is a Map, so these tests show it reads nothing itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleLexicon, textDigest, type LexiconText } from '../../src/lexicon/assemble.js';
import { LexiconError } from '../../src/lexicon/errors.js';

const MINI = readFileSync(join(import.meta.dirname, '../../fixtures/lexicons/mini.yaml'), 'utf8');
const local = (ext: string, id = 'junkie') => `harmlex: 1\nname: local\nversion: '1'\nextends: [${ext}]\nentries:\n  - id: ${id}\n    category: stigma\n    terms: [${id}]\n    source: test\n`;

/** A reader over in-memory files; records what was asked for. */
function memory(files: Record<string, string>): { read: (file: string) => LexiconText; asked: string[] } {
  const asked: string[] = [];
  return { asked, read: (file) => (asked.push(file), Object.hasOwn(files, file) ? { text: files[file]! } : { unreadable: 'no such file' }) };
}

const problemsOf = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(LexiconError);
  return (e as LexiconError).message.split('\n');
};

describe('assembleLexicon', () => {
  it('resolves `extends` against the extending file\'s folder, reads each file once, extended files first', async () => {
    const { read, asked } = memory({ '/p/a/local.yaml': local('../lib/mini.yaml'), '/p/lib/mini.yaml': MINI });
    const out = await assembleLexicon(['a/local.yaml', '/p/a/local.yaml'], { cwd: '/p', defaultPath: '/nowhere/default.yaml', read });
    expect(asked).toEqual(['/p/a/local.yaml', '/p/lib/mini.yaml']);
    expect(out.deps).toEqual([['/p/a/local.yaml', textDigest(local('../lib/mini.yaml'))], ['/p/lib/mini.yaml', textDigest(MINI)]]);
    expect(out.lexicon.entries.map((e) => e.id)).toContain('addict');
    expect(out.lexicon.entries.at(-1)!.id).toBe('junkie');
  });

  it('`default` names the file the caller gives, shown as lexicons/default.yaml', async () => {
    const { read, asked } = memory({ '/p/local.yaml': local('default', 'addict') });
    const lines = await problemsOf(assembleLexicon(['local.yaml'], { cwd: '/p', defaultPath: '/built/in.yaml', read }));
    expect(asked).toEqual(['/p/local.yaml', '/built/in.yaml']);
    expect(lines).toEqual(['local.yaml:1:1 unreadable cannot read lexicon /built/in.yaml: no such file']);
  });

  it('an unreadable file and a cycle are problems at file:line:column of the file that names them', async () => {
    const { read } = memory({ '/p/x.yaml': local('y.yaml', 'x'), '/p/y.yaml': local('x.yaml', 'y') });
    expect(await problemsOf(assembleLexicon(['x.yaml'], { cwd: '/p', defaultPath: '/d.yaml', read }))).toEqual(['y.yaml:1:1 extends-cycle "extends" forms a cycle through /p/x.yaml']);
    expect(await problemsOf(assembleLexicon(['gone.yaml'], { cwd: '/p', defaultPath: '/d.yaml', read }))).toEqual(['/p/gone.yaml:1:1 unreadable cannot read lexicon /p/gone.yaml: no such file']);
  });
});
