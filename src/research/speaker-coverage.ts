/**
 * Speakers never fail silently: which names given to --speaker / --exclude-speaker name a label in
 * each document, and in the whole run. Pure: the CLI prints the notes and picks the exit code.
 */
import { namesSpeaker } from '../text/speakers.js';

/** How many documents' notes are given one by one; the rest are counted. */
const NOTES_SHOWN = 10;

export class SpeakerCoverage {
  private readonly found = new Set<string>();
  private readonly labelsSeen = new Map<string, string>();
  private notesShown = 0;
  private notesMore = 0;

  /** `names`: every name given (--speaker and --exclude-speaker). */
  constructor(private readonly names: readonly string[]) {}

  /**
   * One scored document and the speaker labels found in it (null: none, not a transcript).
   * Returns a note when a name matches none of them (only the first few documents get one).
   */
  add(id: string, labels: readonly string[] | null): string | null {
    const speakers = labels ?? [];
    for (const s of speakers) if (!this.labelsSeen.has(s.toLowerCase())) this.labelsSeen.set(s.toLowerCase(), s);
    const missing = this.names.filter((n) => {
      const hit = speakers.some((s) => namesSpeaker(n, s));
      if (hit) this.found.add(n);
      return !hit;
    });
    if (missing.length === 0) return null;
    if (this.notesShown >= NOTES_SHOWN) {
      this.notesMore++;
      return null;
    }
    this.notesShown++;
    const what = missing.map((n) => JSON.stringify(n)).join(', ');
    return speakers.length === 0
      ? `${id}: no speaker labels found, so ${what} names no turn; the whole document was scored`
      : `${id}: speaker ${what} matches no label; labels found: ${[...new Set(speakers)].join(', ')}`;
  }

  /** Documents with a note that was not shown. */
  get more(): number {
    return this.notesMore;
  }

  /** Names that matched no label in any document of the run. */
  unmatched(): string[] {
    return this.names.filter((n) => !this.found.has(n));
  }

  /** Every label seen in the run (first spelling), for the final message. */
  labels(): string[] {
    return [...this.labelsSeen.values()];
  }
}
