import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodedFileError, readCodedFile } from '../../src/io/coded.js';
import { tempDir } from '../helpers.js';

describe('readCodedFile', () => {
  it('a folder of .jsonl files: an id in two files is an error at file:line naming where it was first', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'corpus', 'dev'), { recursive: true });
    const row = (id: string) => JSON.stringify({ id, text: 'We meet people where they are.', placement: 'relational' });
    writeFileSync(join(dir, 'corpus', 'dev', 'a.jsonl'), `${row('a-1')}\n${row('same')}\n`);
    writeFileSync(join(dir, 'corpus', 'dev', 'b.jsonl'), `${row('b-1')}\n\n${row('same')}\n`);
    const err = await readCodedFile('corpus', { cwd: dir }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CodedFileError);
    expect((err as CodedFileError).message).toContain('corpus/dev/b.jsonl:3: id "same" is also in corpus/dev/a.jsonl:2');
  });
});
