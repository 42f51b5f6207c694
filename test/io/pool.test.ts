import { describe, expect, it } from 'vitest';
import { workerCount } from '../../src/io/pool.js';

describe('worker count', () => {
  it('by default, rows parsed on the main thread leave it a core; files read by the workers get one worker per core', () => {
    expect(workerCount({ jobs: 2, leaveCoreForParsing: true }, 'document')).toBe(1);
    expect(workerCount({ jobs: 8, leaveCoreForParsing: true }, 'skipped')).toBe(7);
    expect(workerCount({ jobs: 2, leaveCoreForParsing: true }, 'file')).toBe(2);
    expect(workerCount({ jobs: 1, leaveCoreForParsing: true }, 'document')).toBe(1);
  });

  it('an explicit --jobs is taken as it is', () => {
    expect(workerCount({ jobs: 2, leaveCoreForParsing: false }, 'document')).toBe(2);
    expect(workerCount({ jobs: 3 }, 'document')).toBe(3);
  });
});
