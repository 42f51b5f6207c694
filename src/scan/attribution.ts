/**
 * Attributed stance: is a match speech reported from others ("my colleagues call them frequent
 * flyers", "some doctors say they're just addicts")? Pure. Built from word classes, not sentences:
 * a reporting verb (say, call, think, refer to, ...) ends within `window` words before the match,
 * in the same clause (a sentence end or a terminator such as "but" stops the search), and within
 * `subjectWindow` words before the verb stands a third-party subject (colleagues, doctors, people,
 * they, some, ...). A first-person word there ("I", "we": "my colleagues and I call them ...") makes
 * the speaker part of the subject: not attributed. The nearest verb with a subject decides.
 */
import type { CompiledAttribution } from '../lexicon/compile.js';
import type { WordPattern } from '../lexicon/terms.js';
import { wordsBefore, type Word } from '../text/words.js';

function phraseAt(words: readonly Word[], i: number, phrase: readonly WordPattern[]): boolean {
  if (i < 0 || i + phrase.length > words.length) return false;
  for (let k = 0; k < phrase.length; k++) {
    const p = phrase[k]!;
    const key = words[i + k]!.key;
    if (p.kind === 'prefix' ? !key.startsWith(p.key) : key !== p.key) return false;
  }
  return true;
}

/** The reporting frame before `start` ("doctors here say"), or null when the match is the speaker's own. */
export function attributionCue(low: string, a: CompiledAttribution, terminators: ReadonlySet<string>, start: number): string | null {
  if (a.verbs.length === 0 || a.subjects.size === 0) return null;
  const longest = a.verbs.reduce((n, v) => Math.max(n, v.length), 1);
  const before = wordsBefore(low, start, a.window + longest + a.subjectWindow, terminators).reverse();
  const n = before.length;
  for (let end = n - 1; end >= 0 && n - 1 - end <= a.window; end--) {
    for (const verb of a.verbs) {
      const at = end - verb.length + 1;
      if (!phraseAt(before, at, verb)) continue;
      if (newClauseAfter(before, end + 1)) continue;
      for (let k = at - 1; k >= 0 && at - 1 - k < a.subjectWindow; k--) {
        const key = before[k]!.key;
        if (a.speaker.has(key)) return null;
        if (a.subjects.has(key)) return low.slice(before[k]!.start, before[end]!.end);
      }
    }
  }
  return null;
}

const COORDINATORS = new Set(['and', 'but']);
const LINKING = new Set(['is', 'was', 'are', 'were', 'has', 'had', 'appears', 'seems', 'remains']);

/**
 * Does a new clause of the writer's own start between the reporting verb and the match? In "Patient
 * claims pain 10/10 and is a known addict" the label is the note writer's, not the patient's words:
 * a coordinator followed by a linking verb ("and is", "but was") ends the reported speech.
 */
function newClauseAfter(words: readonly { key: string }[], from: number): boolean {
  for (let i = from; i + 1 < words.length; i++) if (COORDINATORS.has(words[i]!.key) && LINKING.has(words[i + 1]!.key)) return true;
  return false;
}

/**
 * A naming verb negated before the match ("I would never call anyone an addict", "we stopped
 * saying junkie", "don't call them frequent flyers"): the label is rejected, talked about rather
 * than used. Returns the cue ("never call") or null.
 */
export function rejectedNaming(low: string, a: CompiledAttribution, terminators: ReadonlySet<string>, start: number): string | null {
  if (a.naming.length === 0 || a.negations.size === 0) return null;
  const longest = a.naming.reduce((n, v) => Math.max(n, v.length), 1);
  const before = wordsBefore(low, start, a.window + longest + 3, terminators).reverse();
  const n = before.length;
  for (let end = n - 1; end >= 0 && n - 1 - end <= a.window; end--) {
    for (const verb of a.naming) {
      const at = end - verb.length + 1;
      if (!phraseAt(before, at, verb)) continue;
      for (let k = at - 1; k >= 0 && at - 1 - k < 3; k--) {
        if (a.negations.has(before[k]!.key)) return low.slice(before[k]!.start, before[end]!.end);
      }
    }
  }
  return null;
}
