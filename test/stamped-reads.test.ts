import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { digest } from '../src/cache/hash.js';
import { StampedReads } from '../src/cache/stamped-reads.js';
import type { SourceText } from '../src/engine/source-text.js';
import { tempDir } from './helpers/temp-repo.js';

const digestOf = (source: SourceText): string => source.digest ?? digest(source.text);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A run: reads the files, keeps them all, and returns what it would store. */
function run(root: string, stored: unknown, files: readonly string[], settledMs = 0) {
  const reads = new StampedReads(root, stored, settledMs);
  const results = files.map((file) => reads.readFile(path.join(root, file)));
  return { results, ...reads.stamps(new Set(files), digestOf) };
}

describe('reads by stamp', () => {
  it('takes an unchanged file by its stamp without reading it, and reads it again once it changes', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(root, 'b.ts'), 'export const b = 2;\n');
    await pause(20);
    const first = run(root, undefined, ['a.ts', 'b.ts']);
    expect(first.changed).toBe(true);
    expect(first.stamps['a.ts']![1]).toBe(digest('export const a = 1;\n'));

    // A source with a digest is one whose text was not read (it reads on first use, see below).
    const second = run(root, JSON.parse(JSON.stringify(first.stamps)), ['a.ts', 'b.ts']);
    expect(second.results.map((result) => result.ok && result.source.digest)).toEqual([first.stamps['a.ts']![1], first.stamps['b.ts']![1]]);
    expect(second.changed).toBe(false);

    // The same size, a new text: the change time moves, so the stamp no longer matches.
    writeFileSync(path.join(root, 'b.ts'), 'export const b = 3;\n');
    await pause(20);
    const third = run(root, second.stamps, ['a.ts', 'b.ts']);
    const b = third.results[1]!;
    expect(b.ok && b.source.digest).toBe(undefined);
    expect(b.ok && b.source.text).toBe('export const b = 3;\n');
    expect(third.changed).toBe(true);
    expect(third.stamps['b.ts']![1]).toBe(digest('export const b = 3;\n'));
  });

  it('reads a source known by its stamp when its text is asked for after all', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'a.ts'), '\uFEFFexport const a = 1;\r\n');
    await pause(20);
    const first = run(root, undefined, ['a.ts']);
    const [again] = run(root, first.stamps, ['a.ts']).results;
    expect(again!.ok && [again.source.digest, again.source.text, again.source.bom, again.source.eol]).toEqual([first.stamps['a.ts']![1], 'export const a = 1;\r\n', true, '\r\n']);
  });

  it('does not stamp a file changed just before it was read, nor keep the stamps of files the run left out', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'fresh.ts'), 'export const fresh = 1;\n');
    expect(run(root, undefined, ['fresh.ts'], 60_000).stamps).toEqual({});
    const stamped = run(root, undefined, ['fresh.ts'], -60_000).stamps;
    const reads = new StampedReads(root, stamped, 0);
    reads.readFile(path.join(root, 'fresh.ts'));
    expect(reads.stamps(new Set(), digestOf)).toEqual({ stamps: {}, changed: true });
  });

  it('keeps the stamps of files a run over some paths did not look at, while they exist', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(root, 'b.ts'), 'export const b = 2;\n');
    await pause(20);
    const both = run(root, undefined, ['a.ts', 'b.ts']).stamps;
    expect(run(root, both, ['a.ts'])).toMatchObject({ stamps: both, changed: false });
    rmSync(path.join(root, 'b.ts'));
    expect(run(root, both, ['a.ts'])).toMatchObject({ stamps: { 'a.ts': both['a.ts'] }, changed: true });
  });

  it('ignores stored stamps that do not look right', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'a.ts'), 'export const a = 1;\n');
    const [read] = run(root, { 'a.ts': 'not a stamp' }, ['a.ts']).results;
    expect(read!.ok && read.source.digest).toBe(undefined);
  });
});
