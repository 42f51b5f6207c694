/**
 * The word pass runs as WebAssembly (wordpass.wat) with a JavaScript twin (the reference, and the
 * fallback without WebAssembly). The two must give the same phrase starts and word counts on any
 * text and any head filter; the shipped module must be the one the .wat source assembles to.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
import { parseTerm } from '../../src/lexicon/terms.js';
import type { HeadFilter } from '../../src/lexicon/heads.js';
import { countWords, normalizeText } from '../../src/text/words.js';
import { jsPhraseStarts, wasmPhraseStarts, wordPassMemoryBytes, type PhraseStarts } from '../../src/scan/wordpass.js';
import { compileYaml, lexiconYaml, tempDir } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;

/** Both passes' results. Word counts are left out for texts with U+02BC, which the matcher counts again (scan.ts). */
function both(text: string, heads: HeadFilter) {
  const low = normalizeText(text);
  const wasm = wasmPhraseStarts(low, text, heads);
  const js = jsPhraseStarts(low, text, heads);
  const words = (n: number) => (text.includes('\u02bc') ? null : n);
  return {
    wasm: wasm && { starts: Array.from(wasm.starts).slice(0, wasm.count), words: words(wasm.words) },
    js: { starts: Array.from(js.starts).slice(0, js.count), words: words(js.words) },
  };
}

/** Random texts over words of the lexicon, common openers, and every kind of character the pass treats apart. */
function randomTexts(heads: string[], count: number, seed: number): string[] {
  const pieces = [
    ...heads,
    'the', 'i', 'not', 'a', 'we', 'no', 'will', 'see', 'patient', 'nurse', 'said', 'today',
    ' ', ' ', ' ', '  ', '\n', '\n\n', ', ', '. ', '; ', ': ', '? ', '-', '—', '‐',
    "'", '’', '‘', '＇', 'ʼ', "n't", '’s', "''",
    'é', 'naïve', 'ß', 'Ωμέγα', 'İ', 'ǅ', 'e\u0301', '😀', '𝒜', '\ud800', '\udc00', '١٢٣', '42', 'X',
  ];
  let s = seed;
  const next = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n);
  const texts: string[] = [];
  for (let t = 0; t < count; t++) {
    let text = '';
    const length = 1 + next(60);
    for (let i = 0; i < length; i++) text += pieces[next(pieces.length)]!;
    texts.push(next(4) === 0 ? text.toUpperCase() : text);
  }
  return texts;
}

describe('word pass: WebAssembly and JavaScript', async () => {
  const { compiled } = await loadDefaultLexicon();
  const heads = compiled.heads!;
  const headWords = compiled.lexicon.entries.flatMap((e) => e.terms.flatMap((t) => parseTerm(t).phrases.map((p) => p.map((w) => (w.kind === 'prefix' ? `${w.key}ing` : w.literal)).join(' '))));

  it('runs as WebAssembly here, on the default lexicon', () => {
    expect(wasmPhraseStarts('the addict', 'the addict', heads)).not.toBeNull();
  });

  it('leaves a head filter whose tables do not fit the module to JavaScript', () => {
    expect(wasmPhraseStarts('the addict', 'the addict', { ...heads, words: new Uint32Array(1 << 12) })).toBeNull();
    expect(wasmPhraseStarts('the addict', 'the addict', { ...heads, pair: { ...heads.pair, prefixes: new Uint32Array(1 << 15) } })).toBeNull();
    // The module's tables are untouched: the real filter still gives the JavaScript result.
    const text = 'he is an addict and not a junkie';
    expect(Array.from(wasmPhraseStarts(text, text, heads)!.starts)).toEqual(jsPhraseStarts(text, text, heads).starts);
  });

  it('gives the same starts and word counts on 3,000 random texts', () => {
    let counted = 0;
    const texts = randomTexts(headWords, 3000, 7);
    let starts = 0;
    for (const text of texts) {
      const { wasm, js } = both(text, heads);
      expect(wasm, JSON.stringify(text)).toEqual(js);
      // In order, each once: the matcher skips a start that falls inside a match it kept.
      expect(js.starts, JSON.stringify(text)).toEqual([...new Set(js.starts)].sort((a, b) => a - b));
      starts += js.starts.length;
      if (js.words !== null) {
        expect(js.words, JSON.stringify(text)).toBe(countWords(text));
        counted++;
      }
    }
    // The texts reach the tables: most have somewhere to try a phrase.
    expect(starts).toBeGreaterThan(texts.length);
    expect(counted).toBeGreaterThan(1000);
  });

  it('agrees on long random texts, with phrases across the blocks of words the module filters', () => {
    // The module filters words in blocks of a few thousand; a phrase may open in one and end in the next.
    let starts = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const text = randomTexts(headWords, 400, 100 + seed).join(seed % 2 ? ' ' : '');
      const { wasm, js } = both(text, heads);
      expect(wasm, `seed ${seed}`).toEqual(js);
      if (js.words !== null) expect(js.words).toBe(countWords(text));
      starts += js.starts.length;
    }
    expect(starts).toBeGreaterThan(12 * 400);
  });

  it('agrees on plain ASCII text, read eight units at a time, at every alignment', () => {
    // Plain ASCII has no unit that sends the module to its one-unit path, so these texts test the
    // eight-unit path: words of every length from 1 to 30 ending at every place in a group, a word
    // carried across groups, and a short text's tail. An apostrophe now and then moves the groups.
    const asciiPieces = [...headWords.filter((w) => /^[a-z0-9 ]+$/.test(w)), 'the', 'a', 'i', 'no', 'x1', '2024', 'antidisestablishmentarianism'];
    let s = 3;
    const next = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n);
    let starts = 0;
    for (let t = 0; t < 1500; t++) {
      let text = ' '.repeat(next(9));
      const length = 1 + next(40);
      for (let i = 0; i < length; i++) {
        const r = next(10);
        text += r < 6 ? asciiPieces[next(asciiPieces.length)]! : r < 9 ? 'abcdefghijklmnopqrstuvwxyz0123456789'.slice(next(30)).slice(0, 1 + next(30)) : "n't";
        text += [' ', ', ', '. ', '  ', '\n', '-', ''][next(7)];
      }
      const { wasm, js } = both(text, heads);
      expect(wasm, JSON.stringify(text)).toEqual(js);
      expect(js.words, JSON.stringify(text)).toBe(countWords(text));
      starts += js.starts.length;
    }
    expect(starts).toBeGreaterThan(1500);
  });

  it('gives the same starts on the shipped documents', () => {
    for (const f of ['interview-mixed.txt', 'note-antithetical.txt', 'note-context-traps.txt']) {
      const text = readFileSync(`${root}fixtures/docs/${f}`, 'utf8');
      const { wasm, js } = both(text, heads);
      expect(js.starts.length, f).toBeGreaterThan(3);
      expect(wasm, f).toEqual(js);
    }
  });

  it('agrees when every word walks, and on three-word phrases with wildcards in every place', () => {
    const three = compileYaml(
      lexiconYaml(`  - id: three
    category: antithetical
    terms: ["not going* back", "will not see*", "do not resus*", "clean* urine", "the test* was* positive"]
`),
    );
    for (const h of [{ ...heads, walkAll: true }, three.heads!]) {
      for (const text of randomTexts(['not going back', 'will not seeing', 'do not resuscitate', 'cleaner urine', 'the tests was positive'], 500, 11)) {
        const { wasm, js } = both(text, h);
        expect(wasm, JSON.stringify(text)).toEqual(js);
      }
    }
  });

  it('lets go of the memory a very long text took: the next text gets a new instance', () => {
    const long = 'The addict said no. '.repeat(900_000); // 18 M characters: over 64 MB in the module
    const low = normalizeText(long);
    const wasm = wasmPhraseStarts(low, long, heads)!;
    expect(wordPassMemoryBytes()).toBe(0); // dropped
    const js = jsPhraseStarts(low, long, heads);
    // The positions handed back are still readable after the instance is gone.
    expect(wasm.count).toBe(js.count);
    expect(wasm.words).toBe(3_600_000);
    const first = (p: PhraseStarts) => Array.from({ length: 8 }, (_, i) => p.starts[i]);
    expect(first(wasm)).toEqual(first(js));
    expect(wasm.starts[wasm.count - 1]).toBe(js.starts[js.count - 1]);
    const short = 'he is an addict and not a junkie';
    expect(Array.from(wasmPhraseStarts(short, short, heads)!.starts)).toEqual(jsPhraseStarts(short, short, heads).starts);
    expect(wordPassMemoryBytes()).toBeGreaterThan(0);
    expect(wordPassMemoryBytes()).toBeLessThan(4 * 1024 * 1024);
  });

  it('takes a long text in one piece (the module grows its memory)', () => {
    const text = 'The addict said no. '.repeat(200_000);
    const { wasm, js } = both(text, heads);
    expect(wasm!.words).toBe(800_000);
    expect(wasm).toEqual(js);
  });
});

describe('the shipped module', () => {
  it('is what src/scan/wordpass.wat assembles to (regenerate with npm run build:wasm)', async () => {
    // @ts-expect-error: a plain ES module script without types
    const { assembleWordPass } = (await import('../../scripts/build-wasm.mjs')) as { assembleWordPass(): Promise<string> };
    expect(readFileSync(`${root}src/scan/wordpass-wasm.ts`, 'utf8')).toBe(await assembleWordPass());
  });

  it('scans the same without WebAssembly (node --jitless runs the JavaScript pass)', () => {
    // More text than the run scans in JavaScript before it loads the module (JS_FIRST_CHARS).
    const dir = tempDir();
    const docs = readdirSync(`${root}fixtures/docs`).map((f) => readFileSync(`${root}fixtures/docs/${f}`, 'utf8'));
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `doc-${i}.txt`), docs.join('\n\n').repeat(1 + (i % 3)));
    const args = ['bin/harmlex.js', 'scan', dir, '--format', 'jsonl', '--no-progress', '--jobs', '1'];
    const withWasm = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const without = spawnSync(process.execPath, ['--jitless', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(withWasm.status).toBe(0);
    expect(without.status).toBe(0);
    expect(withWasm.stdout.split('\n').length).toBe(41);
    expect(withWasm.stdout).toContain('"placement":"mixed"');
    expect(without.stdout).toBe(withWasm.stdout);
  });

  it('is never loaded when the JavaScript pass is asked for (HARMLEX_WORDPASS=js), past the text scanned in JavaScript first', () => {
    const script = `
      const { phraseStarts, wordPassMemoryBytes } = await import('./dist/scan/wordpass.js');
      const { loadDefaultLexicon } = await import('./dist/io/lexicon-files.js');
      const { normalizeText } = await import('./dist/text/words.js');
      const { compiled } = await loadDefaultLexicon();
      const text = 'It is their choice to use. '.repeat(2000);
      const js = phraseStarts(normalizeText(text), text, compiled.heads, 'js');
      const afterJs = wordPassMemoryBytes();
      const wasm = phraseStarts(normalizeText(text), text, compiled.heads, 'wasm');
      phraseStarts(normalizeText(text), text, compiled.heads, 'wasm');
      console.log(JSON.stringify([afterJs, wordPassMemoryBytes() > 0, js.count === wasm.count && js.words === wasm.words]));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([0, true, true]);
  });
});
