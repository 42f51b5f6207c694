/** The engine runs plans without the CLI: a plan and an environment in, outputs and an outcome out. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheckPlan } from '../../src/engine/check.js';
import { RunError, type RunEnv, type Sink } from '../../src/engine/env.js';
import type { CheckPlan, ScanPlan } from '../../src/engine/plan.js';
import { runScanPlan } from '../../src/engine/scan.js';
import { RAW_TEXT_READERS } from '../../src/io/documents.js';
import { DOCUMENT_READERS } from '../../src/io/readers/index.js';
import { lexiconYaml, runCli, tempDir } from '../helpers.js';

const LEX = lexiconYaml(`  - id: junkie
    category: stigma
    terms: [junkie]
    suggest: [person who uses drugs]
`);

/** An environment that keeps every output in memory. */
function memoryEnv(cwd: string): RunEnv & { outputs: Map<string, string>; warnings: string[] } {
  const outputs = new Map<string, string>();
  const warnings: string[] = [];
  return {
    cwd,
    stdin: (async function* () {})(),
    stdout: { write: () => true },
    stderr: { write: () => true },
    openSink(path): Sink {
      const key = path ?? '-';
      outputs.set(key, '');
      return { write: (s) => void outputs.set(key, outputs.get(key)! + s), close: async () => undefined };
    },
    outputFiles: () => [],
    warn: (m) => void warnings.push(m),
    outputs,
    warnings,
  };
}

function project(): string {
  const dir = tempDir('harmlex-engine-');
  writeFileSync(join(dir, 'lex.yaml'), LEX);
  writeFileSync(join(dir, 't.csv'), 'id,text\nn1,He is a junkie.\nn2,Nothing here.\n');
  writeFileSync(join(dir, 'a.txt'), 'A junkie, they said.\n');
  return dir;
}

function scanPlan(dir: string): ScanPlan {
  return {
    paths: ['t.csv', 'a.txt'],
    extensions: ['txt', 'csv'],
    allowEmpty: false,
    stdin: null,
    readers: DOCUMENT_READERS,
    read: { cwd: dir, maxFileSize: 1e6, stdinId: 'stdin', textColumn: 'text', idColumn: 'id' },
    lexicon: { paths: ['lex.yaml'], cacheDir: null },
    analysis: { noContext: false, wordPass: 'wasm', patternFilter: true, precomputed: true },
    output: { format: 'jsonl', header: true, color: false, stdoutIsMachine: true },
    research: null,
    shard: null,
    cache: null,
    progress: false,
    jobs: { count: 1, explicit: true },
    readAhead: true,
    notes: [],
  };
}

describe('runScanPlan', () => {
  it('writes what the CLI writes for the same run', async () => {
    const dir = project();
    const env = memoryEnv(dir);
    const outcome = await runScanPlan(scanPlan(dir), env);
    expect(outcome.summary).toMatchObject({ documents: 3, scored: 3, skipped: 0 });
    const cli = await runCli(['scan', '-l', 'lex.yaml', '-f', 'jsonl', '--ext', 'txt,csv', '-j', '1', 't.csv', 'a.txt'], { cwd: dir });
    expect(env.outputs.get('-')).toBe(cli.stdout);
    expect(env.outputs.get('-')!.split('\n')[0]).toContain('"id":"n1"');
  });

  it('reports a bad input as a RunError, not an exit', async () => {
    const dir = project();
    await expect(runScanPlan({ ...scanPlan(dir), paths: ['*.none'] }, memoryEnv(dir))).rejects.toThrow(RunError);
  });
});

describe('runCheckPlan', () => {
  const checkPlan = (dir: string): CheckPlan => ({
    paths: ['t.csv'],
    extensions: ['csv'],
    allowEmpty: false,
    stdin: null,
    readers: RAW_TEXT_READERS,
    read: { cwd: dir, maxFileSize: 1e6, stdinId: 'stdin' },
    lexicon: { paths: ['lex.yaml'], cacheDir: null },
    config: { kind: 'none' },
    policy: {},
    all: false,
    wordPass: 'wasm',
    patternFilter: true,
    precomputed: true,
    reportUnusedSuppressions: false,
    quiet: false,
    output: { format: 'compact', color: false },
    notes: [],
  });

  it('reads with the plan\'s readers: raw text gives the line and column in the file, rows give the row', async () => {
    const dir = project();
    const raw = memoryEnv(dir);
    const outcome = await runCheckPlan(checkPlan(dir), raw);
    expect(outcome.policy.fail).toBe(true);
    expect(raw.outputs.get('-')).toMatch(/^t\.csv:2:12: /);
    const rows = memoryEnv(dir);
    await runCheckPlan({ ...checkPlan(dir), readers: DOCUMENT_READERS }, rows);
    expect(rows.outputs.get('-')).toMatch(/^t\.csv:2:2:9: /);
  });
});
