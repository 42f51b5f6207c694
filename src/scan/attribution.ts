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
import { wordsAfter, wordsBefore, type Word } from '../text/words.js';

/** Does `phrase` occur in `words` (in reading order) starting at index i? (Shared with the scanner.) */
export function phraseAt(words: readonly Word[], i: number, phrase: readonly WordPattern[]): boolean {
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
  if ((a.verbs.length === 0 || a.subjects.size === 0) && a.frames.length === 0) return null;
  const longest = [...a.verbs, ...a.frames].reduce((n, v) => Math.max(n, v.length), 1);
  const before = wordsBefore(low, start, a.window + longest + a.subjectWindow, terminators).reverse();
  const n = before.length;
  for (let end = n - 1; end >= 0 && n - 1 - end <= a.window; end--) {
    for (const verb of a.verbs) {
      const at = end - verb.length + 1;
      if (!phraseAt(before, at, verb)) continue;
      if (newClauseAfter(before, end + 1) || passive(before, at)) continue;
      for (let k = at - 1; k >= 0 && at - 1 - k < a.subjectWindow; k--) {
        const key = before[k]!.key;
        if (a.speaker.has(key)) return null;
        if (a.subjects.has(key)) return low.slice(before[k]!.start, before[end]!.end);
      }
    }
  }
  return reportingFrame(before, a, low);
}

/**
 * A frame that reports a view without naming its holder ("there's this idea that addicts can't
 * change"), ending within `window` words before the match in the same clause: the view is set
 * apart from the speaker, unless a speaker word stands within `subjectWindow` words before the
 * frame ("I had this idea that ..."). The nearest frame decides.
 */
function reportingFrame(before: readonly Word[], a: CompiledAttribution, low: string): string | null {
  const n = before.length;
  for (let end = n - 1; end >= 0 && n - 1 - end <= a.window; end--) {
    for (const frame of a.frames) {
      const at = end - frame.length + 1;
      if (!phraseAt(before, at, frame) || newClauseAfter(before, end + 1)) continue;
      for (let k = at - 1; k >= 0 && at - 1 - k < a.subjectWindow; k--) if (a.speaker.has(before[k]!.key)) return null;
      return low.slice(before[at]!.start, before[end]!.end);
    }
  }
  return null;
}

const PASSIVE_AUXILIARIES = new Set(['was', 'were', 'is', 'are', 'be', 'been', 'being', 'get', 'gets', 'got', 'gotten']);

const TELLING = new Set(['told', 'asked']);

/**
 * A passive verb of telling ("pt was told he is not allowed to use", "she was asked to leave", and a
 * note's "pt told that ..." without its auxiliary): its
 * subject is who was told, not who spoke; what was told is the writer's team's, not reported from the
 * subject. (A passive naming verb, "she was called a junkie", still reports others' words.)
 */
function passive(words: readonly Word[], at: number): boolean {
  if (at <= 0 || !TELLING.has(words[at]!.key)) return false;
  if (PASSIVE_AUXILIARIES.has(words[at - 1]!.key)) return true;
  // A note leaves the auxiliary out ("Pt told if next screen positive, ..."): after a note's word for the
  // patient, a verb of telling with no one told after it ("pt told me", "pt told the nurse") is passive.
  const next = words[at + 1];
  return NOTE_SUBJECTS.has(words[at - 1]!.key) && next !== undefined && !RECIPIENTS.has(next.key);
}

const NOTE_SUBJECTS = new Set(['pt', 'patient', 'client', 'resident']);

/** Words that start the one told: the patient told someone, so the verb is active. */
const RECIPIENTS = new Set(['me', 'us', 'him', 'her', 'them', 'you', 'staff', 'nurse', 'nurses', 'rn', 'md', 'np', 'writer', 'team', 'family', 'everyone', 'everybody', 'someone', 'somebody', 'the', 'his', 'my', 'our', 'their', 'a', 'an', 'this', 'provider', 'doctor', 'dr', 'physician', 'sw', 'security', 'police', 'mom', 'dad', 'wife', 'husband', 'friends']);

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

/** How far (characters) a quotation may reach around a match: a quoted remark, not a chapter. */
const QUOTE_REACH = 300;
const isWordCode = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Direct speech: a match inside a quotation that a reporting frame with a third-party subject
 * introduces ("the charge nurse leaned over and said, 'Have you seen his record? He's a junkie.'"):
 * the words are the quoted person's, past the quotation's own sentence ends. The quotation opens
 * (a quote mark after a space or punctuation) and closes (a quote mark before a space, punctuation
 * or the end) within QUOTE_REACH characters of the match, with no blank line between; a quote mark
 * between two letters is an apostrophe. Returns the reporting frame, or null.
 */
export function quotedSpeech(low: string, a: CompiledAttribution, start: number, end: number): string | null {
  let open = -1;
  for (let i = start - 1; i >= 0 && start - i <= QUOTE_REACH; i--) {
    const c = low[i]!;
    if (c === '\n' && low[i - 1] === '\n') return null;
    if (c !== '"' && c !== "'") continue;
    const before = low[i - 1];
    const after = low[i + 1];
    if (isWordCode(before) && isWordCode(after)) continue; // an apostrophe
    if (isWordCode(before) || /[.!?,;:]/.test(before ?? '')) return null; // a quotation that closed before the match
    open = i;
    break;
  }
  if (open < 0) return null;
  const mark = low[open]!;
  let closeAt = -1;
  for (let i = end; i < low.length && i - end <= QUOTE_REACH; i++) {
    const c = low[i]!;
    if (c === '\n' && low[i + 1] === '\n') return null;
    if (c !== mark) continue;
    if (isWordCode(low[i - 1]) && isWordCode(low[i + 1])) continue; // an apostrophe
    if (isWordCode(low[i + 1])) return null; // another quotation opens: the match was not inside one
    closeAt = i;
    break;
  }
  if (closeAt < 0) return null;
  // The frame ends at the opening mark: "said, '" (the comma or colon before the mark is left out).
  let frameEnd = open;
  while (frameEnd > 0 && /[\s,:]/.test(low[frameEnd - 1]!)) frameEnd--;
  // A quotation closed by a full stop ends its sentence ("'They're all addicts.' The nurse said it
  // twice."); a comma, "?" or "!" may lead on to the frame ("'... an addict?' she asked").
  return attributionCue(low, a, new Set(), frameEnd) ?? (/[.]\s*$/.test(low.slice(Math.max(0, closeAt - 3), closeAt)) ? null : frameAfter(low, a, closeAt + 1));
}

/**
 * A reporting frame right after a closing quotation mark ("'He's a junkie,' the nurse said", "'I
 * relapsed Friday,' pt stated", "'...,' says my attending"): a third-party subject and a reporting
 * verb, in either order, within the first words after the mark. A speaker word there ("'...,' I
 * told him") makes the quotation the speaker's own. Returns the frame, or null.
 */
function frameAfter(low: string, a: CompiledAttribution, from: number): string | null {
  if (/^[\s,]*[.!?]/.test(low.slice(from, from + 4))) return null; // the sentence ended after the quotation
  const after = wordsAfter(low, from, FRAME_AFTER_WORDS + 2);
  let subject = -1;
  let verbEnd = -1;
  for (let i = 0; i < Math.min(after.length, FRAME_AFTER_WORDS); i++) {
    const key = after[i]!.key;
    if (a.speaker.has(key)) return null;
    if (subject < 0 && a.subjects.has(key)) subject = i;
    if (verbEnd < 0) for (const verb of a.verbs) if (phraseAt(after, i, verb)) verbEnd = i + verb.length - 1;
    if (subject >= 0 && verbEnd >= 0) return low.slice(after[0]!.start, after[Math.max(subject, verbEnd)]!.end);
  }
  return null;
}

/** How many words after a closing quotation mark a reporting frame may take ("the charge nurse said"). */
const FRAME_AFTER_WORDS = 4;
