/**
 * Reliability catalogue, case 3 (issue 16): no file content in messages, and no file read that
 * nobody gave. A file named as a lexicon (`-l`, `extends:`, a config's `lexicons:`), a config, a
 * baseline or a results file that is not one is reported by name, position and kind of problem;
 * `report` and `export-qdpx` read sources only among --sources (or under the working folder).
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

// Shapes of secret files: passwd/shadow lines, KEY: value (YAML-like), JSON, .env, CSV.
const SECRETS: Record<string, string> = {
  shadow: 'root:$6$SECRETHASH1:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n',
  colon: 'root:x:0:0:SECRETHASH2\n',
  yaml: 'password: SECRETHASH3\naws_secret: SECRETHASH4\n',
  json: '{"token": "SECRETHASH5", "n": [1,2,\n',
  env: 'API_KEY=SECRETHASH6\n',
  csv: 'user,secret\nadmin,"SECRETHASH7\n',
  list: '- SECRETHASH8\n- another\n',
};

function setup(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'secret'));
  for (const [name, text] of Object.entries(SECRETS)) writeFileSync(join(dir, 'secret', name), text);
  writeFileSync(join(dir, 'a.txt'), 'He is an addict.\n');
  writeFileSync(join(dir, 'a.md'), 'He is an addict.\n');
  return dir;
}

const leaks = (s: string) => /SECRETHASH|hunter|aws_secret|API_KEY|root:|daemon/.test(s);

describe('no file content in messages', () => {
  it('a non-lexicon given with -l, through extends:, or through a config\'s lexicons: is named, never echoed', async () => {
    const dir = setup();
    for (const name of Object.keys(SECRETS)) {
      const path = join(dir, 'secret', name);
      writeFileSync(join(dir, 'ext.yaml'), `harmlex: 1\nname: e\nversion: '1'\nextends: [${JSON.stringify(path)}]\nentries: []\n`);
      writeFileSync(join(dir, 'cfg.yaml'), `lexicons: [${JSON.stringify(path)}]\n`);
      for (const args of [['scan', 'a.txt', '-l', path], ['scan', 'a.txt', '-l', 'ext.yaml'], ['check', 'a.md', '--config', 'cfg.yaml'], ['lexicon', 'validate', path]]) {
        const r = await runCli(args, { cwd: dir });
        expect(r.code, `${name}: ${args.join(' ')}`).not.toBe(0);
        expect(leaks(r.stderr + r.stdout), `${name}: ${args.join(' ')}\n${r.stderr}${r.stdout}`).toBe(false);
        expect(r.stderr + r.stdout).toContain(name);
      }
    }
  });

  it('a non-config given with --config (or found as .harmlex.yaml), a non-baseline and a non-results file are named, never echoed', async () => {
    const dir = setup();
    for (const name of Object.keys(SECRETS)) {
      const path = join(dir, 'secret', name);
      for (const args of [['check', 'a.md', '--config', path], ['check', 'a.md', '--baseline', path], ['summarize', path], ['report', path], ['agree', '--gold', path]]) {
        const r = await runCli(args, { cwd: dir });
        expect(r.code, `${name}: ${args.join(' ')}`).toBe(2);
        expect(leaks(r.stderr + r.stdout), `${name}: ${args.join(' ')}\n${r.stderr}`).toBe(false);
      }
    }
  });
});

describe('report and export-qdpx read only the sources they are given', () => {
  it('a results file naming an absolute source outside the working folder does not get it read', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'private.txt'), 'He is an addict. SECRETHASH9 is the door code.\n');
    const scan = await runCli(['scan', join(outside, 'private.txt'), '--format', 'jsonl', '--no-context'], { cwd: outside });
    expect(JSON.parse(scan.stdout).source).toBe('private.txt');
    // A hand-made (or hostile) results file names the file by its absolute path.
    const record = { ...JSON.parse(scan.stdout), id: 'x', source: join(outside, 'private.txt') };
    const work = tempDir();
    writeFileSync(join(work, 'r.jsonl'), `${JSON.stringify(record)}\n`);
    const report = await runCli(['report', 'r.jsonl', '-o', 'out.html', '--read-sources'], { cwd: work });
    expect(report.stderr).toMatch(/no text found for x/);
    expect(existsSync(join(work, 'out.html')) && readFileSync(join(work, 'out.html'), 'utf8').includes('SECRETHASH9')).toBe(false);
    const qdpx = await runCli(['export-qdpx', 'r.jsonl', '-o', 'p.qdpx', '--read-sources'], { cwd: work });
    expect(qdpx.stderr).toMatch(/no source text found/);
    expect(existsSync(join(work, 'p.qdpx')) && readFileSync(join(work, 'p.qdpx')).includes('SECRETHASH9')).toBe(false);
    // With --sources naming that folder, it is read.
    const given = await runCli(['report', 'r.jsonl', '-o', 'out2.html', '--sources', outside, '--read-sources'], { cwd: work });
    expect(given.code).toBe(0);
    expect(readFileSync(join(work, 'out2.html'), 'utf8')).toContain('SECRETHASH9');
  });

  it('a relative source that climbs out of the working folder (../) is not read either', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'work'));
    // (The secret is far from the match: only the file holds it, not the results' context snippet.)
    writeFileSync(join(parent, 'private.txt'), `He is an addict.\n${'and so on '.repeat(20)}\nSECRETHASH10\n`);
    const scan = await runCli(['scan', 'private.txt', '--format', 'jsonl'], { cwd: parent });
    const record = { ...JSON.parse(scan.stdout), source: '../private.txt' };
    writeFileSync(join(parent, 'work', 'r.jsonl'), `${JSON.stringify(record)}\n`);
    const withContext = await runCli(['report', 'r.jsonl', '-o', 'out2.html', '--read-sources'], { cwd: join(parent, 'work') });
    expect(withContext.stderr).toMatch(/no text found/);
    // The report is written, with the results' snippets only: the file was not read.
    expect(existsSync(join(parent, 'work', 'out2.html')) && readFileSync(join(parent, 'work', 'out2.html'), 'utf8').includes('SECRETHASH10')).toBe(false);
  });
});
