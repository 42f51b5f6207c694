/**
 * Porter stems, from natural's stemmer submodule only (importing `natural` whole costs half a second
 * and reads .env files). Loaded on first use, cached per unique word.
 */
import { createRequire } from 'node:module';

interface Stemmer {
  stem(word: string): string;
}

let stemmer: Stemmer | undefined;
const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

export function porterStem(word: string): string {
  let s = cache.get(word);
  if (s !== undefined) return s;
  if (!stemmer) {
    const require = createRequire(import.meta.url);
    stemmer = require('natural/lib/natural/stemmers/porter_stemmer.js') as Stemmer;
  }
  s = stemmer.stem(word);
  // A corpus has a bounded vocabulary, but a pathological one (random tokens) must not grow forever.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, s);
  return s;
}
