/**
 * Warming the matcher up before a large run. The optimizing compiler compiles the hot loop once
 * it is hot, but a branch that the first documents never took (a non-ASCII letter, an apostrophe
 * inside a word, a wildcard after an opening, a negation cue) throws the optimized code away when a
 * later document takes it, and the loop runs slowly again until it is recompiled. Running the
 * lexicon's own example sentences, with a few odd characters, through the analysis first gives
 * every branch its feedback up front. Used by worker threads, each of which starts cold.
 */
import { analyzeDocument, type AnalyzeOptions } from '../analyze.js';
import type { CompiledLexicon } from '../lexicon/compile.js';

const ODD = "Naïve café — the 1980‘s, l’homme, rock'n'roll, Fowler''s, 😀 İstanbul ʼokina; NO! not at all: (maybe).";

export function warmUp(compiled: CompiledLexicon, options: AnalyzeOptions, rounds = 4): void {
  const sentences = compiled.lexicon.entries.flatMap((e) => [...e.examples.match, ...e.examples.no_match]);
  const text = `Interviewer: ${sentences.join(' ')}\nParticipant: ${ODD}\n\n${sentences.join('\n')}`;
  for (let i = 0; i < rounds; i++) analyzeDocument({ id: 'warm-up', text }, compiled, options);
}
