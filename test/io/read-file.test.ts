import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ReadAhead, readWhole } from '../../src/io/read-file.js';
import type { ScanItem } from '../../src/io/documents.js';
import { tempDir } from '../helpers.js';

/** What readWhole gives for a path, as a comparable value. */
function outcome(read: () => Buffer | number): unknown {
  try {
    const r = read();
    return typeof r === 'number' ? { size: r } : { text: r.toString('utf8') };
  } catch (e) {
    return { code: (e as NodeJS.ErrnoException).code, message: (e as Error).message };
  }
}

describe('ReadAhead', () => {
  it('gives what readWhole gives (bytes, sizes over the limit, errors), from its helper thread, for a path asked for twice too', async () => {
    const dir = tempDir();
    const paths: string[] = [];
    for (let i = 0; i < 150; i++) {
      const p = join(dir, `f-${i}.txt`);
      writeFileSync(p, `file ${i} `.repeat(1 + (i % 40)));
      paths.push(p);
    }
    mkdirSync(join(dir, 'folder.txt'));
    paths.splice(10, 0, join(dir, 'missing.txt'), join(dir, 'folder.txt'), paths[3]!);
    const max = 200;
    const ra = new ReadAhead();
    for (const p of paths) ra.request(p, max);
    ra.flush();
    await sleep(300); // the helper starts and reads; nothing here waits for it
    const got = paths.map((p) => outcome(() => ra.take(p, max)));
    await ra.close();
    expect(got).toEqual(paths.map((p) => outcome(() => readWhole(p, max))));
    expect(got.filter((g) => (g as { size?: number }).size !== undefined).length).toBeGreaterThan(20);
    expect(got.filter((g) => (g as { code?: string }).code !== undefined).length).toBe(2);
    expect(ra.served.helper).toBeGreaterThan(100);
    expect(ra.served.helper + ra.served.here).toBe(paths.length);
  });

  it('never waits: files taken before their bytes arrive are read here, and a path never asked for too', async () => {
    const dir = tempDir();
    const paths = Array.from({ length: 40 }, (_, i) => join(dir, `g-${i}.txt`));
    paths.forEach((p, i) => writeFileSync(p, `text ${i}`));
    const ra = new ReadAhead();
    for (const p of paths) ra.request(p, 1e6);
    ra.flush();
    const got = paths.map((p) => ra.take(p, 1e6).toString()); // at once: the helper has not started
    const other = join(dir, 'other.txt');
    writeFileSync(other, 'other');
    expect(ra.take(other, 1e6).toString()).toBe('other');
    await ra.close();
    expect(got).toEqual(paths.map((_, i) => `text ${i}`));
    expect(ra.served.here).toBeGreaterThan(0);
  });
});

describe('scan with files read ahead', () => {
  it('writes for a folder of many files (the helper thread starts after the first 512) what scans of its files one at a time write, skips included', async () => {
    const { runCli } = await import('../helpers.js');
    const dir = tempDir();
    const names: string[] = [];
    for (let i = 0; i < 600; i++) {
      const name = `n-${String(i).padStart(3, '0')}.txt`;
      names.push(name);
      if (i === 520) writeFileSync(join(dir, name), Buffer.from([0x61, 0x00, 0x62])); // binary
      else if (i === 530) writeFileSync(join(dir, name), Buffer.from([0x61, 0xff, 0x62])); // not UTF-8
      else if (i === 540) writeFileSync(join(dir, name), '');
      else if (i === 550) writeFileSync(join(dir, name), 'x'.repeat(5000)); // over --max-file-size below
      else writeFileSync(join(dir, name), `Patient ${i} is an addict, she said; it is their choice. `.repeat(1 + (i % 5)));
    }
    const args = ['--format', 'jsonl', '--max-file-size', '4KB', '--jobs', '1'];
    const whole = await runCli(['scan', '.', ...args], { cwd: dir });
    expect(whole.code).toBe(2); // the skips
    const lines = whole.stdout.trimEnd().split('\n');
    expect(lines.length).toBe(600);
    expect(lines.filter((l) => l.includes('"skipped"')).length).toBe(4);
    const picked = names.map((n, i) => i).filter((i) => i % 25 === 0 || i >= 515);
    const alone = await Promise.all(picked.map((i) => runCli(['scan', names[i]!, ...args], { cwd: dir })));
    expect(picked.map((i) => `${lines[i]}\n`)).toEqual(alone.map((r) => r.stdout));
  });
});

describe('withReadAhead', () => {
  it('takes files ahead, but rows (documents) only one at a time, and keeps the order', async () => {
    const { withReadAhead } = await import('../../src/io/pipeline.js');
    let pulled = 0;
    async function* items(kind: 'file' | 'document'): AsyncGenerator<ScanItem> {
      for (let i = 0; i < 600; i++) {
        pulled++;
        yield kind === 'file'
          ? { kind: 'file', file: { path: `/nonexistent/f-${i}.txt`, explicit: true, problem: 'no such file' }, full: `f-${i}`, short: null, pathMeta: null }
          : { kind: 'document', id: `d-${i}`, text: 'x' };
      }
    }
    for (const kind of ['file', 'document'] as const) {
      pulled = 0;
      const ra = new ReadAhead();
      const seen: string[] = [];
      let most = 0;
      for await (const item of withReadAhead(items(kind), ra, 1e6)) {
        seen.push(item.kind === 'file' ? item.full : item.id);
        most = Math.max(most, pulled - seen.length);
      }
      await ra.close();
      expect(seen).toEqual(Array.from({ length: 600 }, (_, i) => (kind === 'file' ? `f-${i}` : `d-${i}`)));
      if (kind === 'file') expect(most).toBeGreaterThan(100);
      else expect(most).toBeLessThanOrEqual(1);
    }
  });
});
