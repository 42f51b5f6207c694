/**
 * Descriptors of people other than the patient (see OthersSettings): in "husband belligerent on
 * the phone" or "the security officer was curt and hostile" the descriptor's subject is a relative
 * or a staff member, not the patient. Pure.
 */
import type { CompiledOthers } from '../lexicon/compile.js';
import { wordsBefore, type Word } from '../text/words.js';
import { phraseAt } from './attribution.js';

/** "and", "or": a descriptor coordinated with the match ("curt and hostile") is passed over too. */
const COORDINATORS = new Set(['and', 'or']);

/** A person right after one of these is its object, not the subject of what follows ("yelled at the nurse and hostile"). */
const PREPOSITIONS = new Set([
  'at', 'to', 'with', 'toward', 'towards', 'by', 'for', 'from', 'of', 'per', 'about', 'against', 'around', 'near',
  'than', 'like', 'on', 'in', 'into', 'onto', 'over', 'under', 'after', 'before', 'between', 'among', 'behind', 'beside', 'via',
]);

/** Verbs whose subject stands before them ("her mom is demanding", "the nurse was curt"). */
const COPULAS = new Set(['is', 'was', 'are', 'were', 'be', 'been', 'being', 'became', 'becomes', 'become', 'seemed', 'seems', 'appeared', 'appears', 'remains', 'remained', 'gets', 'got', 'getting']);

/** Words between a preposition and its person ("at the nurse", "with her husband"). */
const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'their', 'my', 'our', 'your', 'this', 'that', 'pts', "pt's", 'patients']);

/**
 * The person (text) the match at `start` is said of, when one of `others.people` and not the
 * patient; null otherwise. The walk goes back from the match in its clause over link words,
 * coordinators and a descriptor coordinated with the match, at most `window` words; the first
 * other word, a comma, or the clause start ends it.
 */
export function otherSubject(low: string, others: CompiledOthers, terminators: ReadonlySet<string>, start: number): string | null {
  if (others.people.length === 0) return null;
  const longest = others.people.reduce((n, p) => Math.max(n, p.length), 1);
  const before: Word[] = wordsBefore(low, start, others.window + longest, terminators).reverse();
  for (let i = before.length - 1, passed = 0; i >= 0 && passed <= others.window; i--, passed++) {
    const next = i + 1 < before.length ? before[i + 1]!.start : start;
    if (low.slice(before[i]!.end, next).includes(',')) return null;
    for (const person of others.people) {
      const at = i - person.length + 1;
      if (!phraseAt(before, at, person)) continue;
      // After a preposition the person is its object ("yelled at the nurse and hostile"), unless a
      // verb follows the person at once: then the phrase is the subject ("caring for her mom is
      // demanding"; but "shouted at her husband and was hostile" is the patient).
      let k = at - 1;
      while (k >= 0 && DETERMINERS.has(before[k]!.key)) k--;
      const verbAfter = i + 1 < before.length && COPULAS.has(before[i + 1]!.key);
      if (k >= 0 && PREPOSITIONS.has(before[k]!.key) && !verbAfter) return null;
      return low.slice(before[at]!.start, before[i]!.end);
    }
    const key = before[i]!.key;
    const coordinated = i + 1 < before.length && COORDINATORS.has(before[i + 1]!.key);
    if (!others.links.has(key) && !COORDINATORS.has(key) && !coordinated) return null;
  }
  return null;
}
