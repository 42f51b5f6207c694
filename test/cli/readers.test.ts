/**
 * Readers travel with a run as a value: no command changes how another reads its inputs. `check`
 * reads every file as raw text on purpose (a template's line and column are those of the file);
 * `scan` reads a CSV as rows. Once, readers registered themselves when `scan` first loaded them, and
 * `check t.csv` in the same process then reported `t.csv:2:2:9` (row 2, its cell's column) instead of `t.csv:2:12`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lexiconYaml, runCli, tempDir } from '../helpers.js';

const LEX = lexiconYaml(`  - id: junkie
    category: stigma
    terms: [junkie]
    suggest: [person who uses drugs]
`);

describe('readers are chosen per run, not per process', () => {
  it('check, then scan, then check in one process: the same findings each time', async () => {
    const dir = tempDir('harmlex-readers-');
    writeFileSync(join(dir, 'lex.yaml'), LEX);
    writeFileSync(join(dir, 't.csv'), 'id,text\nn1,He is a junkie.\n');
    const check = () => runCli(['check', '-l', 'lex.yaml', '-f', 'compact', 't.csv'], { cwd: dir });
    const first = await check();
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toContain('t.csv:2:12');
    const scan = await runCli(['scan', '-l', 'lex.yaml', '-f', 'jsonl', 't.csv'], { cwd: dir });
    expect(scan.code, scan.stderr).toBe(0);
    expect(JSON.parse(scan.stdout.split('\n')[0]!).id).toBe('n1'); // scan reads the CSV as rows
    const second = await check();
    expect(second).toEqual(first);
  });
});
