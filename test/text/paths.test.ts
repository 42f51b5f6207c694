import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/text/paths.js';

describe('displayPath', () => {
  it('shows a path under the working folder relative to it, and resolves . and .. segments (a folder named .cache is not one)', () => {
    expect(displayPath('/home/u/.cache/corpus/a.txt', '/home/u')).toBe('.cache/corpus/a.txt');
    expect(displayPath('/home/u/..hidden/a.txt', '/home/u')).toBe('..hidden/a.txt');
    expect(displayPath('/home/u/./notes/a.txt', '/home/u')).toBe('notes/a.txt');
    expect(displayPath('/home/x/../u/a.txt', '/home/u')).toBe('a.txt');
    expect(displayPath('/home/u/notes/..', '/home/u/')).toBe('/home/u');
    expect(displayPath('/home/u//notes/a.txt', '/home/u')).toBe('notes/a.txt');
    expect(displayPath('/elsewhere/a.txt', '/home/u')).toBe('/elsewhere/a.txt');
  });
});
