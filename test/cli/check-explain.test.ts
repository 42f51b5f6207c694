import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lexiconYaml, runCli, tempDir } from '../helpers.js';

const LEX = lexiconYaml(`  - id: junkie
    category: stigma
    negation: cancel
    terms: [junkie]
  - id: clean
    category: stigma
    terms: [clean]
    exceptions: { after: [room] }
  - id: terminate
    category: antithetical
    terms: [terminate]
    negation: { becomes: accountability }
`);

describe('harmlex explain', () => {
  it("shows each word's candidates and which cue or exception decided", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'l.yaml'), LEX);
    const r = await runCli(['explain', '-l', 'l.yaml', 'He is not a junkie; a clean room; we never terminate anyone; junkie'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('~ junkie     junkie on "junkie" (1:13): negated by "not": not counted');
    expect(lines).toContain('- clean      clean on "clean" (1:23): dropped (exception: "room" after)');
    expect(lines).toContain('~ terminate  terminate on "terminate" (1:44): negated by "never": counted as accountability');
    expect(lines).toContain('* junkie     junkie on "junkie" (1:62): counted as stigma');
    expect(lines).toContain('  anyone');
    expect(r.stdout).toContain('4 candidates: 1 counted, 2 negated, 1 dropped by a rule');
  });

  it('says when a match is a mention, talked about rather than used', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'l.yaml'), LEX);
    const r = await runCli(['explain', '-l', 'l.yaml', 'the word junkie'], { cwd: dir });
    expect(r.stdout.split('\n')).toContain('* junkie  junkie on "junkie" (1:10): mention ("word"): not counted');
  });

  it('has a JSON form and reads standard input', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'l.yaml'), LEX);
    const r = await runCli(['explain', '-l', 'l.yaml', '--format', 'json'], { cwd: dir, stdin: 'a junkie' });
    expect(JSON.parse(r.stdout).candidates).toEqual([
      { entry: 'junkie', category: 'stigma', principle: null, text: 'junkie', line: 1, column: 3, kept: true, dropped: null, negationCue: null, outcome: 'counted as stigma' },
    ]);
    expect((await runCli(['explain', '-l', 'l.yaml'], { cwd: dir })).code).toBe(2);
  });
});
