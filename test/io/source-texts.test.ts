/**
 * readSourceTexts lines a scan's matches up with the source text it reads again. Under --no-context a
 * proximity match's `text` is only its anchor phrase with an ellipsis where the span goes on ("… all of
 * them"), and a pattern match's `text` is "[entry-id]" (src/scan/scan.ts, textWithoutContext): such a
 * match lines up when the source text at its offsets holds what it stands for, and is a misaligned
 * source otherwise (an edited file).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSourceTexts } from '../../src/io/source-texts.js';
import type { ResultMatch, ResultRecord } from '../../src/research/types.js';
import { tempDir } from '../helpers.js';

const TEXT = 'P03: Junkies, all of them. We meet people where they are.\n';

function record(matches: Partial<ResultMatch>[]): ResultRecord {
  const full = matches.map((m) => ({ entry: 'x', category: 'antithetical', text: '', line: 1, column: 1, start: 0, end: 0, negated: false, counted: true, ...m })) as ResultMatch[];
  return { id: 'P03.txt', status: 'ok', no_context: true, matches: full };
}

async function read(r: ResultRecord) {
  const d = tempDir();
  writeFileSync(join(d, 'P03.txt'), TEXT);
  return readSourceTexts([r], [], { cwd: d, maxFileSize: 1 << 20, stdinId: 'stdin' });
}

describe('readSourceTexts and --no-context match texts', () => {
  const span = { start: TEXT.indexOf('Junkies'), end: TEXT.indexOf('them') + 4 };

  it('a proximity match shown as its anchor with an ellipsis lines up, and carries the source text', async () => {
    const got = await read(record([{ entry: 'quantified-generalization', text: '… all of them', ...span }]));
    expect(got.misaligned).toEqual([]);
    expect(got.texts.get('P03.txt')?.matches[0]?.text).toBe('Junkies, all of them');
  });

  it('an anchor on the left and one in the middle line up too; a pattern match shown as [entry-id] lines up', async () => {
    const left = { start: TEXT.indexOf('Junkies'), end: TEXT.indexOf('them') + 4 };
    const got = await read(
      record([
        { entry: 'a', text: 'Junkies …', ...left },
        { entry: 'b', text: '… all of …', ...left },
        { entry: 'scare-quotes', text: '[scare-quotes]', start: TEXT.indexOf('meet'), end: TEXT.indexOf('meet') + 4 },
      ]),
    );
    expect(got.misaligned).toEqual([]);
  });

  it('an anchor that the source no longer holds at those offsets is misaligned (the file changed)', async () => {
    expect((await read(record([{ entry: 'q', text: '… none of them', ...span }]))).misaligned).toEqual(['P03.txt']);
    expect((await read(record([{ entry: 'q', text: 'all of them …', ...span }]))).misaligned).toEqual(['P03.txt']);
    expect((await read(record([{ entry: 'q', text: '[other-entry]', ...span }]))).misaligned).toEqual(['P03.txt']);
  });
});
