/** The one-pass quote check agrees with csv-parse in strict mode, on random rows. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { strictOk } from '../../src/io/readers/table.js';

const strictParse = (raw: string, delimiter: string) => {
  try {
    parse(raw, { delimiter, relax_column_count: true });
    return true;
  } catch {
    return false;
  }
};

describe('strictOk', () => {
  it('says what csv-parse (strict) says', () => {
    for (const delimiter of [',', '\t']) {
      const alphabet = ['a', '"', delimiter, '\n', ' ', '""', '\r\n', 'b'];
      let seed = 7;
      for (let k = 0; k < 20000; k++) {
        let s = '';
        for (let i = 0; i <= k % 12; i++) {
          seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
          s += alphabet[seed % alphabet.length];
        }
        expect(strictOk(s, delimiter), JSON.stringify(s)).toBe(strictParse(s, delimiter));
      }
    }
  });
});
