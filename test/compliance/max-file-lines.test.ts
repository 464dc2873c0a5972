import { describe, expect, it } from 'vitest';
import { evaluateMaxFileLines } from '../../src/compliance/rules/max-file-lines.js';
import { analysed } from './analysed.js';

const lines = (n: number): string => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};\n// a comment\n\n`).join('');

describe('max-file-lines', () => {
  it('lists the files over the limit, largest first, each on line 1, and names the largest file', () => {
    const files = [analysed('src/a/small.ts', lines(3)), analysed('src/a/big.ts', lines(12)), analysed('src/b/bigger.ts', lines(15))];
    const result = evaluateMaxFileLines(files, 10);
    expect(result).toMatchObject({ violations: 2, checked: 3, unit: 'files', largest: { file: 'src/b/bigger.ts', lines: 15 } });
    expect(result.listed).toEqual([
      { rule: 'max-file-lines', module: 'src/b', file: 'src/b/bigger.ts', line: 1, column: 1, lines: 15, message: '15 lines of code, over the limit of 10' },
      { rule: 'max-file-lines', module: 'src/a', file: 'src/a/big.ts', line: 1, column: 1, lines: 12, message: '12 lines of code, over the limit of 10' },
    ]);
  });

  it('is compliant at the limit; a module without files has no largest file', () => {
    expect(evaluateMaxFileLines([analysed('src/a/a.ts', lines(10))], 10)).toMatchObject({ violations: 0, largest: { lines: 10 } });
    expect(evaluateMaxFileLines([], 10)).toMatchObject({ violations: 0, checked: 0, largest: null });
  });
});
