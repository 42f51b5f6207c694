/**
 * The ready-made CI, for real: copies fixtures/templates, gives it a config with a test lexicon
 * (so the test does not depend on the default lexicon's content), and runs the `harmlex check`
 * lines of docs/examples/github-workflow.yml through bash with `npx harmlex` pointing at
 * bin/harmlex.js, exactly as the workflow does.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sarifValidator } from '../report/check/sarif-validator.js';
import { lexiconYaml, tempDir } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/harmlex.js');

export const TEMPLATE_LEXICON = lexiconYaml(`  - id: addict
    category: stigma
    terms: [addict, addicts, junkie]
    suggest: [person who uses drugs]
    source: NIDA Words Matter
  - id: clean-screen
    category: stigma
    terms: [clean]
    suggest: [negative, free from substances]
  - id: substance-abuser
    category: stigma
    terms: [substance abuser]
    suggest: [person with a substance use disorder]
  - id: meet-where
    category: principle
    principle: individualism
    terms: [meet you where you are, meets you where you are]
`);

interface Step {
  name?: string;
  run?: string;
}

function workflowChecks(): { name: string; run: string }[] {
  const wf = parse(readFileSync(join(root, 'docs/examples/github-workflow.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(wf.jobs)
    .flatMap((j) => j.steps)
    .filter((s): s is Required<Step> => typeof s.run === 'string' && s.run.includes('harmlex check'))
    .map((s) => ({ name: s.name, run: s.run }));
}

function setup(): string {
  const dir = tempDir('harmlex-ci-');
  cpSync(join(root, 'fixtures/templates'), join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'lexicon.yaml'), TEMPLATE_LEXICON);
  // The fixture's own config ignores its README; add the test lexicon in place of the default.
  writeFileSync(join(dir, 'templates/.harmlex.yaml'), `${readFileSync(join(root, 'fixtures/templates/.harmlex.yaml'), 'utf8')}lexicons: [../lexicon.yaml]\nreplaceDefault: true\n`);
  return dir;
}

function runStep(run: string, cwd: string) {
  const command = run.replace(/npx harmlex/g, `"${process.execPath}" "${bin}"`);
  return spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', env: { ...process.env, HARMLEX_PATHS: 'templates', NO_COLOR: '1' } });
}

describe('the example GitHub workflow over fixtures/templates', () => {
  const steps = workflowChecks();

  it('has an annotation step and a SARIF step', () => {
    expect(steps.map((s) => s.run)).toEqual([
      'npx harmlex check $HARMLEX_PATHS --format github',
      'npx harmlex check $HARMLEX_PATHS --format sarif --output harmlex.sarif --no-exit-code',
    ]);
  });

  it('fails with one annotation per bad line, and writes SARIF that validates', () => {
    const dir = setup();
    const github = runStep(steps[0]!.run, dir);
    expect(github.status).toBe(1);
    expect(github.stdout.trimEnd().split('\n')).toEqual([
      '::warning file=templates/discharge-instructions.html,line=5,col=28,endLine=5,endColumn=33,title=harmlex clean-screen::"clean" is stigmatizing language; prefer "negative" or "free from substances"',
      '::warning file=templates/follow-up-letter.j2,line=4,col=28,endLine=4,endColumn=52,title=harmlex substance-abuser::"substance abuser" is stigmatizing language; prefer "person with a substance use disorder"',
      '::warning file=templates/portal-message.hbs,line=4,col=56,endLine=4,endColumn=63,title=harmlex addict::"addicts" is stigmatizing language; prefer "person who uses drugs"',
    ]);
    const sarifStep = runStep(steps[1]!.run, dir);
    expect(sarifStep.status).toBe(0);
    expect(sarifStep.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(join(dir, 'harmlex.sarif'), 'utf8'));
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0].results).toHaveLength(3);
  });

  it('passes once each bad line is suppressed or allowed with a reason', () => {
    const dir = setup();
    const t = join(dir, 'templates');
    const html = join(t, 'discharge-instructions.html');
    writeFileSync(html, readFileSync(html, 'utf8').replace('<p>Your urine', '<!-- harmlex-disable-next-line clean-screen -- lab name, to be fixed -->\n  <p>Your urine'));
    const j2 = join(t, 'follow-up-letter.j2');
    writeFileSync(j2, readFileSync(j2, 'utf8').replace('may qualify', 'may qualify {# harmlex-disable-line #}'));
    writeFileSync(join(t, '.harmlex.yaml'), `${readFileSync(join(t, '.harmlex.yaml'), 'utf8')}allow:\n  - phrase: addicts\n    reason: quoted from the program's legal name\n`);
    const r = runStep(steps[0]!.run, dir);
    // The config used is named (issue 16, case 6); nothing else is said.
    expect(r.stderr).toBe('harmlex: config templates/.harmlex.yaml\n');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
