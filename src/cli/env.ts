/** The environments a command hands its plan and the engine, made from its CliIO (scan and check). */
import { fstatSync, readlinkSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import type { OutputFile, RunEnv } from '../engine/env.js';
import type { Switches } from '../engine/plan.js';
import { lexiconCacheDir } from '../io/lexicon-cache.js';
import { terminalSafe } from '../terminal-safe.js';
import { UsageError } from './errors.js';
import { assertNoClash, isStdoutPath, openSink, terminalWidth, useColor, type CliIO } from './io.js';
import type { PlanEnv } from './plan-scan.js';

/** An on/off switch from the environment: unset or empty is `fallback`. */
function onOff(env: CliIO['env'], name: string, fallback: boolean): boolean {
  const v = env[name]?.trim().toLowerCase();
  if (v === undefined || v === '') return fallback;
  if (v === 'on' || v === '1' || v === 'true') return true;
  if (v === 'off' || v === '0' || v === 'false') return false;
  throw new UsageError(`${name}=${env[name]}: expected on or off`);
}

/** The optimisation switches, from the environment (docs/performance.md, "Switches"). */
export function switchesFrom(env: CliIO['env']): Switches {
  const pass = env.HARMLEX_WORDPASS?.trim().toLowerCase() || 'wasm';
  if (pass !== 'js' && pass !== 'wasm') throw new UsageError(`HARMLEX_WORDPASS=${env.HARMLEX_WORDPASS}: expected js or wasm`);
  return { wordPass: pass, readAhead: onOff(env, 'HARMLEX_READ_AHEAD', true), workers: onOff(env, 'HARMLEX_WORKERS', true), patternFilter: onOff(env, 'HARMLEX_PATTERN_FILTER', true), precomputed: onOff(env, 'HARMLEX_PRECOMPUTED', true) };
}

/** What a plan needs to know of where it runs (see cli/plan-scan.ts). */
export function planEnv(io: CliIO): PlanEnv {
  return {
    cwd: io.cwd,
    stdinIsTTY: Boolean(io.stdin.isTTY),
    stdoutIsTTY: io.stdoutIsTTY,
    stderrIsTTY: io.stderrIsTTY,
    color: useColor(io),
    cpus: availableParallelism(),
    lexiconCache: lexiconCacheDir(io.env),
    ...(terminalWidth(io) !== undefined ? { width: terminalWidth(io) } : {}),
    switches: switchesFrom(io.env),
  };
}

/** The engine's view of this CLI run; `inputs`: files never written over. */
export function runEnv(io: CliIO, inputs: readonly string[]): RunEnv {
  return {
    cwd: io.cwd,
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    openSink: (path, options) => openSink(io, path, inputs, options),
    outputFiles: (path) => outputFiles(io, path),
    warn: (message) => void io.stderr.write(`harmlex: ${terminalSafe(message, true)}\n`),
    assertOutputs: (outputs, runInputs) => assertNoClash(io, outputs, runInputs),
  };
}

/** Where the results go: the -o file (if it exists) and standard output when it is a file, with its name when known. */
function outputFiles(io: CliIO, output: string | undefined): OutputFile[] {
  const out: OutputFile[] = [];
  try {
    if (output && !isStdoutPath(output)) {
      const path = resolve(io.cwd, output);
      const st = statSync(path);
      if (st.isFile()) out.push({ dev: st.dev, ino: st.ino, name: basename(path).toLowerCase() });
    } else if (io.stdout === process.stdout) {
      const st = fstatSync(1);
      if (st.isFile()) out.push({ dev: st.dev, ino: st.ino, name: stdoutName() });
    }
  } catch {
    // not there yet, or not a file: nothing to leave out
  }
  return out;
}

/** The name of the file standard output is redirected to, where the system tells (Linux); else null. */
function stdoutName(): string | null {
  try {
    return basename(readlinkSync('/proc/self/fd/1')).toLowerCase();
  } catch {
    return null;
  }
}
