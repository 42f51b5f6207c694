/**
 * External tools some tests need (xmllint, chromium, GNU parallel, pre-commit). A test that needs a
 * missing tool never passes silently: where CI=true (.ci/run installs them all from Debian) a
 * missing tool is a failing test that names the package; elsewhere the tests are skipped, and the
 * skip's name says which tool is missing and how to install it.
 */
import { spawnSync } from 'node:child_process';
import { it } from 'vitest';

export interface Tool {
  present: boolean;
  /** For a describe/it name: "(skipped: xmllint is not installed; apt-get install libxml2-utils)". */
  skipNote: string;
}

export function tool(command: string, debianPackage: string, versionArgs: string[] = ['--version']): Tool {
  const r = spawnSync(command, versionArgs, { encoding: 'utf8', timeout: 20_000 });
  const present = !r.error && r.status === 0;
  if (!present && process.env.CI === 'true') {
    it(`${command} is installed (CI=true needs it: apt-get install ${debianPackage}, as .ci/run does)`, () => {
      throw new Error(`${command} is not installed, and CI=true needs it: apt-get install ${debianPackage} (.ci/run installs it)`);
    });
  }
  return { present, skipNote: present ? '' : ` (skipped: ${command} is not installed; apt-get install ${debianPackage})` };
}

/**
 * A REFI-QDA project.qde against the published schema (test/fixtures/refi-qda): xmllint's report
 * ("... validates" or the errors), or null when xmllint is missing; under CI=true a missing
 * xmllint throws, naming the package (.ci/run installs it).
 */
export function validateQde(file: string): string | null {
  const xsd = new URL('fixtures/refi-qda/Project-mrt2019.xsd', import.meta.url).pathname;
  const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
  if (r.error) {
    if (process.env.CI === 'true') throw new Error('xmllint is not installed, and CI=true needs it: apt-get install libxml2-utils (.ci/run installs it)');
    console.warn('SKIP xmllint validation of the exported project: xmllint not found (apt-get install libxml2-utils)');
    return null;
  }
  return r.stderr;
}
