/**
 * The head filter only decides where the trie is walked; it must never hide a phrase. Checked two
 * ways on the default lexicon: every expanded term phrase is found in running text, and on real
 * documents the filtered scan finds exactly what walking the trie at every word finds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeadFilterBuilder, hashStep, pairHash, WALK, wordFlags } from '../../src/lexicon/heads.js';
import { loadDefaultLexicon } from '../../src/io/lexicon-files.js';
import { parseTerm } from '../../src/lexicon/terms.js';
import { findCandidates } from '../../src/scan/scan.js';
import type { CompiledLexicon } from '../../src/lexicon/compile.js';

const root = new URL('../../', import.meta.url).pathname;

describe('head filter', async () => {
  const { compiled } = await loadDefaultLexicon();

  it('finds every phrase of every term, after ordinary words, exactly as walking the trie at every word does', () => {
    const everyWord: CompiledLexicon = { ...compiled, heads: compiled.heads && { ...compiled.heads, walkAll: true } };
    const missed: string[] = [];
    let phrases = 0;
    for (const entry of compiled.lexicon.entries) {
      for (const term of entry.terms) {
        for (const phrase of parseTerm(term).phrases) {
          phrases++;
          const words = phrase.map((p) => (p.kind === 'prefix' ? `${p.key}ed` : p.literal));
          // Openers that are themselves term heads ("i", "not", "the") come first, to test pending openings.
          const lead = 'and i think that the nurse said ';
          const text = `${lead}${words.join(' ')} today.`;
          const found = findCandidates(text, compiled);
          // Something covers the phrase's first word (it, or a longer phrase that starts earlier),
          // and the filter hid nothing that a walk at every word finds.
          const covered = found.some((c) => c.start <= lead.length && c.end > lead.length);
          if (!covered || JSON.stringify(found) !== JSON.stringify(findCandidates(text, everyWord))) missed.push(`${entry.id}: ${words.join(' ')}`);
        }
      }
    }
    expect(phrases).toBeGreaterThan(10000);
    expect(missed).toEqual([]);
  });

  it('gives the same candidates as walking the trie at every word, on the shipped texts', () => {
    const everyWord: CompiledLexicon = { ...compiled, heads: compiled.heads && { ...compiled.heads, walkAll: true } };
    const dirs = ['fixtures/docs', 'fixtures/eval/docs', 'fixtures/templates'];
    let texts = 0;
    for (const dir of dirs) {
      for (const f of readdirSync(join(root, dir))) {
        if (!/\.(txt|md|html|hbs|j2)$/.test(f)) continue;
        const text = readFileSync(join(root, dir, f), 'utf8');
        texts++;
        expect(findCandidates(text, compiled), `${dir}/${f}`).toEqual(findCandidates(text, everyWord));
      }
    }
    expect(texts).toBeGreaterThan(40);
  });
});

describe('head filter tables', () => {
  const hash = (w: string) => [...w].reduce((h, c) => hashStep(h, c.charCodeAt(0)), 0);
  let seed = 11;
  const word = () => {
    let w = '';
    for (let k = 0; k < 7; k++) w += String.fromCharCode(97 + ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 26));
    return w;
  };

  it('a lexicon ten times the default (36,000 opening pairs) lets few other pairs through, and never hides its own', () => {
    const builder = new HeadFilterBuilder();
    const added: [string, string][] = [];
    for (let k = 0; k < 36_000; k++) {
      const pair: [string, string] = [word(), word()];
      added.push(pair);
      builder.add(pair.map((key) => ({ kind: 'word' as const, key, literal: key })), false);
    }
    const heads = builder.build()!;
    const passes = ([a, b]: [string, string]) => (wordFlags(heads.pair.words, pairHash(hash(a), hash(b))) & WALK) !== 0;
    expect(added.every(passes)).toBe(true);
    let through = 0;
    const tries = 20_000;
    for (let k = 0; k < tries; k++) if (passes([word(), word()])) through++;
    // One probe per pair let about 13% through at this size; two independent probes, about 6%.
    expect(through / tries).toBeLessThan(0.08);
  });
});
