/**
 * The CSV/TSV fast path (well-formed records split without csv-parse) must give exactly the rows,
 * lines and bad-row reports of csv-parse alone: on random tables, well-formed and not, cut into
 * random chunks (a quote, a doubled quote or a line end at a chunk boundary included).
 */
import { describe, expect, it } from 'vitest';
import { streamRows, type RowEvent } from '../../src/io/readers/table.js';

let seed = 5;
const rand = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

function field(d: string, broken: boolean): string {
  const plain = ['', 'abc', 'x y', 'é naïve', '42', ' lead', 'trail '];
  const quoted = ['"a,b"', '"line\nbreak"', '"say ""hi"""', '""', '"\n\n"', `"tab${d}in"`, '"ends with quote"""'];
  const bad = ['a"b', '"open', '"closed"x', 'x"', '"a""'];
  return broken && rand(8) === 0 ? pick(bad) : rand(2) ? pick(plain) : pick(quoted);
}

function table(d: string, broken: boolean): string {
  const lines: string[] = [];
  const rows = 1 + rand(12);
  for (let r = 0; r < rows; r++) {
    if (rand(10) === 0) lines.push('');
    const n = 1 + rand(4);
    lines.push(Array.from({ length: n }, () => field(d, broken)).join(d));
  }
  let text = lines.join('\n');
  if (rand(2)) text += '\n';
  if (rand(6) === 0) text = `\ufeff${text}`;
  if (rand(8) === 0) text += d;
  return text;
}

function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + rand(6);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

async function all(events: AsyncIterable<RowEvent>): Promise<RowEvent[]> {
  const out: RowEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('CSV fast path', () => {
  for (const [name, d] of [['CSV', ','], ['TSV', '\t']] as const) {
    it(`${name}: the same rows, lines and bad rows as csv-parse, well-formed or not, whole or in chunks`, async () => {
      for (let round = 0; round < 600; round++) {
        const text = table(d, round % 2 === 1);
        const expected = await all(streamRows(text, d, 1, false));
        expect(await all(streamRows(text, d, 1)), JSON.stringify(text)).toEqual(expected);
        expect(await all(streamRows(chunks(text), d, 1)), JSON.stringify(text)).toEqual(expected);
      }
    });
  }

  it('rows after blank lines have their own line numbers, on both paths (csv-parse puts skipped blank lines in the next raw record)', async () => {
    const text = 'id,text\n\n\n1,a\n\n2,"b\nc"\n\n3,d"e\n';
    for (const fast of [true, false]) {
      const rows = await all(streamRows(text, ',', 1, fast));
      expect(rows.map((r) => r.line)).toEqual([1, 4, 6, 9]);
    }
  });

  it('a table that turns irregular partway: the rows before from the fast path, the stray-quote row and after from csv-parse, lines kept', async () => {
    const text = 'id,text\n1,"a ""quoted"" word"\n2,"two\nlines"\n3,plain\n4,bro"ken\n5,after\n';
    const rows = await all(streamRows(text, ',', 1));
    expect(rows.map((r) => (r.kind === 'row' ? `${r.line}:${r.fields.join('|')}` : `bad ${r.line}`))).toEqual([
      '1:id|text',
      '2:1|a "quoted" word',
      '3:2|two\nlines',
      '5:3|plain',
      '6:4|bro"ken',
      '7:5|after',
    ]);
  });
});
