/**
 * The progress line: documents, MB read, documents/s, ETA and skips, redrawn in place on standard
 * error. Shown only when standard error is a terminal and the run has lasted a second (a short run
 * stays silent), never on standard output, and off with --no-progress.
 */
export interface ProgressSink {
  write(s: string): unknown;
}

const FIRST_AFTER_MS = 1000;
const EVERY_MS = 250;

export class Progress {
  private documents = 0;
  private skipped = 0;
  private bytes = 0;
  private readonly started = Date.now();
  private lastDrawn = 0;
  private drawn = false;

  /** `totalBytes`: the size of the inputs when known (files), for the ETA. */
  constructor(
    private readonly out: ProgressSink,
    private readonly totalBytes: number | null,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  read(bytes: number): void {
    this.bytes += bytes;
  }

  record(skipped: boolean): void {
    this.documents++;
    if (skipped) this.skipped++;
    const t = this.now();
    if (t - this.started >= FIRST_AFTER_MS && t - this.lastDrawn >= EVERY_MS) {
      this.lastDrawn = t;
      this.drawn = true;
      this.out.write(`\r\u001b[K${this.line(t)}`);
    }
  }

  /** The line as it would be drawn at time `t` (exported for tests). */
  line(t = this.now()): string {
    const seconds = Math.max((t - this.started) / 1000, 0.001);
    const rate = this.documents / seconds;
    let eta = '';
    if (this.totalBytes && this.bytes > 0) {
      const left = (seconds * (this.totalBytes - this.bytes)) / this.bytes;
      eta = `, ETA ${formatDuration(Math.max(0, left))}`;
    }
    const mb = (this.bytes / 1024 / 1024).toFixed(1);
    return `harmlex: ${this.documents} documents, ${mb} MB, ${Math.round(rate)} documents/s${eta}${this.skipped ? `, ${this.skipped} skipped` : ''}`;
  }

  /** Clear the line before a message on standard error (the next record draws it again). */
  clear(): void {
    if (this.drawn) this.out.write('\r\u001b[K');
    this.drawn = false;
  }

  /** Clear the line before the run's last messages. */
  done(): void {
    this.clear();
  }
}

/**
 * The rows of one export as they are read, counted towards `progress` a row at a time (by their
 * text's length, at most the file's size; the rest when the file ends), so the ETA of a run over
 * one large CSV or JSONL file moves as it is read.
 */
export async function* countedRows<T extends { kind: string; text?: string }>(rows: AsyncIterable<T>, fileBytes: number, progress: Pick<Progress, 'read'>): AsyncGenerator<T> {
  let counted = 0;
  for await (const row of rows) {
    if (row.kind === 'document' && row.text !== undefined) {
      const n = Math.min(row.text.length, fileBytes - counted);
      counted += n;
      progress.read(n);
    }
    yield row;
  }
  progress.read(Math.max(0, fileBytes - counted));
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}:${String(s % 60).padStart(2, '0')}`;
}
