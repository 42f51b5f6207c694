/** planScan and planCheck: parsed flags -> a resolved plan, with no file read and nothing started. */
import { describe, expect, it } from 'vitest';
import { RAW_TEXT_READERS } from '../../src/io/documents.js';
import { DOCUMENT_READERS } from '../../src/io/readers/index.js';
import { UsageError } from '../../src/cli/errors.js';
import { planCheck, CHECK_EXTENSIONS, type CheckOptions } from '../../src/cli/plan-check.js';
import { planScan, type PlanEnv, type ScanOptions } from '../../src/cli/plan-scan.js';
import { switchesFrom } from '../../src/cli/env.js';

const env: PlanEnv = { cwd: '/nowhere/project', stdinIsTTY: true, stdoutIsTTY: false, stderrIsTTY: false, color: true, cpus: 4, lexiconCache: null, switches: { wordPass: 'wasm', readAhead: true, workers: true, patternFilter: true, precomputed: true } };

/** commander's defaults for scan. */
const scanDefaults: ScanOptions = { context: true, maxFileSize: 100, stdinId: 'stdin', textColumn: 'text', idColumn: 'id', header: true, progress: true };
const checkDefaults: CheckOptions = { exitCode: true, maxFileSize: 100 };

describe('planScan', () => {
  it('resolves the defaults: CSV off a terminal, the document readers, one worker per core', () => {
    const plan = planScan(['notes'], scanDefaults, env);
    expect(plan.output).toEqual({ format: 'csv', header: true, color: false, stdoutIsMachine: true });
    expect(plan.readers).toBe(DOCUMENT_READERS);
    expect(plan.stdin).toBeNull();
    expect(plan.jobs).toEqual({ count: 4, explicit: false });
    expect(plan.extensions).toContain('jsonl');
    expect(plan.cache).toBeNull();
    expect(plan.progress).toBe(false);
    expect(plan.read.cwd).toBe('/nowhere/project');
  });

  it('--csv-raw is in the plan, for the records and for the match and summary files', () => {
    const raw = planScan(['notes'], { ...scanDefaults, csvRaw: true, matches: 'm.csv', summaryOutput: 's.csv' }, env);
    expect(raw.output.csvRaw).toBe(true);
    expect(raw.research).toMatchObject({ matches: 'm.csv', summaryOutput: 's.csv', csvRaw: true });
    const safe = planScan(['notes'], { ...scanDefaults, matches: 'm.csv' }, env);
    expect(safe.output.csvRaw).toBeUndefined();
    expect(safe.research!.csvRaw).toBeUndefined();
  });

  it('a table on a terminal, in colour; --no-color and -o turn colour off', () => {
    const tty = { ...env, stdoutIsTTY: true };
    expect(planScan(['a.txt'], scanDefaults, tty).output).toMatchObject({ format: 'table', color: true, stdoutIsMachine: false });
    expect(planScan(['a.txt'], { ...scanDefaults, color: false }, tty).output.color).toBe(false);
    expect(planScan(['a.txt'], { ...scanDefaults, output: 'r.csv' }, tty).output).toMatchObject({ format: 'csv', path: 'r.csv', color: false });
  });

  it('standard input: "-" or a pipe; JSONL streams unless a CSV header or --group-by needs its fields first', () => {
    const piped = { ...env, stdinIsTTY: false };
    expect(planScan([], scanDefaults, piped).stdin).toEqual({ format: 'txt', stream: false });
    expect(planScan(['-', 'a.txt'], { ...scanDefaults, stdinFormat: 'jsonl', format: 'jsonl' }, env)).toMatchObject({ paths: ['a.txt'], stdin: { format: 'jsonl', stream: true } });
    expect(planScan(['-'], { ...scanDefaults, stdinFormat: 'jsonl', format: 'csv' }, env).stdin!.stream).toBe(false);
    expect(planScan(['-'], { ...scanDefaults, stdinFormat: 'jsonl', format: 'jsonl', groupBy: 'site' }, env).stdin!.stream).toBe(false);
  });

  it('usage errors come from the plan, before anything runs', () => {
    expect(() => planScan([], scanDefaults, env)).toThrow(UsageError);
    expect(() => planScan(['a'], { ...scanDefaults, shard: '3/2' }, env)).toThrow('--shard');
    expect(() => planScan(['a'], { ...scanDefaults, metaFromPath: '(\\d+)' }, env)).toThrow('--meta-from-path');
  });

  it('speakers, shards, cache and jobs', () => {
    const plan = planScan(['a'], { ...scanDefaults, speaker: ['P,Q'], excludeSpeaker: [' '], shard: '2/4', cache: true, jobs: 1, metaFromPath: '(?<site>[A-Z]{2})' }, env);
    expect(plan.analysis).toMatchObject({ include: ['P', 'Q'], noContext: false });
    expect(plan.analysis.exclude).toBeUndefined();
    expect(plan.analysis.metaFromPath!.meta.keys).toEqual(['site']);
    expect(plan.shard).toEqual({ shard: { index: 2, count: 4 }, spec: '2/4' });
    expect(plan.cache).toEqual({ location: '.harmlex-cache/scan-shard-2-of-4.json' });
    expect(plan.jobs).toEqual({ count: 1, explicit: true });
    expect(planScan(['a'], { ...scanDefaults, cache: true, cacheLocation: 'c.json' }, env).cache).toEqual({ location: 'c.json' });
  });

  it('research outputs only when asked for', () => {
    expect(planScan(['a'], scanDefaults, env).research).toBeNull();
    expect(planScan(['a'], { ...scanDefaults, summaryBy: ['site'] }, env).research).toMatchObject({ summaryBy: ['site'] });
  });
});

describe('the optimisation switches', () => {
  it('come from the environment: all on by default; off by HARMLEX_WORDPASS=js, HARMLEX_READ_AHEAD=off, HARMLEX_WORKERS=off, HARMLEX_PATTERN_FILTER=off, HARMLEX_PRECOMPUTED=off', () => {
    expect(switchesFrom({})).toEqual({ wordPass: 'wasm', readAhead: true, workers: true, patternFilter: true, precomputed: true });
    expect(switchesFrom({ HARMLEX_WORDPASS: 'js', HARMLEX_READ_AHEAD: 'off', HARMLEX_WORKERS: '0', HARMLEX_PATTERN_FILTER: 'off', HARMLEX_PRECOMPUTED: 'off' })).toEqual({ wordPass: 'js', readAhead: false, workers: false, patternFilter: false, precomputed: false });
    expect(switchesFrom({ HARMLEX_WORDPASS: '', HARMLEX_READ_AHEAD: 'on', HARMLEX_WORKERS: '1', HARMLEX_PATTERN_FILTER: 'true', HARMLEX_PRECOMPUTED: 'on' })).toEqual({ wordPass: 'wasm', readAhead: true, workers: true, patternFilter: true, precomputed: true });
  });

  it('a value that is not one of them is a usage error', () => {
    expect(() => switchesFrom({ HARMLEX_WORDPASS: 'asm' })).toThrow(UsageError);
    expect(() => switchesFrom({ HARMLEX_WORKERS: 'no' })).toThrow('HARMLEX_WORKERS=no: expected on or off');
  });

  it('reach the plans: the word pass, the read-ahead thread, no workers whatever --jobs says, the pattern prefilter and the build\'s pattern work', () => {
    const off = { ...env, switches: { wordPass: 'js' as const, readAhead: false, workers: false, patternFilter: false, precomputed: false } };
    const plan = planScan(['a'], { ...scanDefaults, jobs: 4 }, off);
    expect(plan.analysis.wordPass).toBe('js');
    expect(plan.analysis.patternFilter).toBe(false);
    expect(planCheck(['a.md'], checkDefaults, off).patternFilter).toBe(false);
    expect(plan.analysis.precomputed).toBe(false);
    expect(planCheck(['a.md'], checkDefaults, off).precomputed).toBe(false);
    expect(plan.readAhead).toBe(false);
    expect(plan.jobs).toEqual({ count: 1, explicit: true });
    expect(planCheck(['a.md'], checkDefaults, off).wordPass).toBe('js');
    expect(planScan(['a'], scanDefaults, env)).toMatchObject({ readAhead: true, analysis: { wordPass: 'wasm', patternFilter: true, precomputed: true } });
  });
});

describe('planCheck', () => {
  it('raw text readers on purpose, the current folder by default, compact off a terminal', () => {
    const plan = planCheck([], checkDefaults, env);
    expect(plan.readers).toBe(RAW_TEXT_READERS);
    expect(plan.paths).toEqual(['.']);
    expect(plan.extensions).toBe(CHECK_EXTENSIONS);
    expect(plan.output).toEqual({ format: 'compact', color: false });
    expect(plan.config).toEqual({ kind: 'discover' });
    expect(plan.stdin).toBeNull();
  });

  it('config given, or none; standard input named by --stdin-filename, relative to the working folder', () => {
    expect(planCheck(['a.md'], { ...checkDefaults, config: 'c.yaml' }, env).config).toEqual({ kind: 'file', path: 'c.yaml' });
    expect(planCheck(['a.md'], { ...checkDefaults, config: false }, env).config).toEqual({ kind: 'none' });
    expect(planCheck(['-'], checkDefaults, env).stdin).toEqual({ filename: 'stdin', id: 'stdin' });
    expect(planCheck(['-'], { ...checkDefaults, stdinFilename: '/nowhere/project/src/t.md' }, env)).toMatchObject({ paths: [], stdin: { filename: '/nowhere/project/src/t.md', id: 'src/t.md' } });
  });

  it('stylish in colour on a terminal; the policy as given', () => {
    const plan = planCheck(['a.md'], { ...checkDefaults, failOn: 'error', maxWarnings: 0 }, { ...env, stdoutIsTTY: true });
    expect(plan.output).toEqual({ format: 'stylish', color: true });
    expect(plan.policy).toEqual({ failOn: 'error', maxWarnings: 0 });
  });
});
