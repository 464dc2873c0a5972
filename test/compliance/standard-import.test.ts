import { describe, expect, it } from 'vitest';
import { evaluateStandardImport, isErrorModuleName, isStandardSpecifier } from '../../src/compliance/rules/standard-import.js';
import { analysed, STANDARD } from './analysed.js';

describe('standard-import', () => {
  it('knows an error module by the last segment of its name', () => {
    for (const name of ['./errors', './errors.js', '../lib/error', './errors/index.js', 'http-errors', '@acme/errors', './app_errors.ts', './appErrors']) {
      expect(isErrorModuleName(name), name).toBe(true);
    }
    for (const name of ['./ErrorBoundary', './errorHandler', './mirrors', 'error-stack-parser', './terrors-of-the-deep']) {
      expect(isErrorModuleName(name), name).toBe(false);
    }
  });

  it('knows the standard by its path, its package, or a path alias ending in its path', () => {
    expect(isStandardSpecifier('../errors/index.js', 'src/a/a.ts', STANDARD)).toBe(true);
    expect(isStandardSpecifier('../errors', 'src/a/a.ts', STANDARD)).toBe(true);
    expect(isStandardSpecifier('./errors.js', 'src/a/a.ts', STANDARD)).toBe(false);
    expect(isStandardSpecifier('@/errors', 'src/a/a.ts', STANDARD)).toBe(true);
    expect(isStandardSpecifier('@acme/errors', 'src/a/a.ts', { path: 'src/errors/index.ts', package: '@acme/errors' })).toBe(true);
    expect(isStandardSpecifier('@acme/errors', 'src/a/a.ts', { path: 'src/errors/index.ts', package: '@acme/verrors' })).toBe(false);
  });

  it('flags files that throw or catch and import an error module that does not use the standard', () => {
    const files = [
      analysed('src/a/throws.ts', "import { ErrX } from './errors.js';\nimport createError from 'http-errors';\nexport function f() { throw ErrX; }\n"),
      analysed('src/a/catches.ts', "import { ErrX } from './errors.js';\nexport function g() { try { f(); } catch { return ErrX; } }\n"),
      analysed('src/a/only-imports.ts', "import { ErrX } from './errors.js';\nexport const x = ErrX;\n"),
      analysed('src/a/standard.ts', "import { NotFoundError } from '../errors/index.js';\nexport function h() { throw new NotFoundError('x'); }\n"),
    ];
    const result = evaluateStandardImport(files, () => false);
    expect(result).toMatchObject({ violations: 3, checked: 3, unit: 'files' });
    expect(result.listed.map((v) => `${v.file}:${v.line} ${v.message}`)).toEqual([
      'src/a/throws.ts:1 imports the error module `./errors.js`, which does not use the standard',
      'src/a/throws.ts:2 imports the error module `http-errors`, which does not use the standard',
      'src/a/catches.ts:1 imports the error module `./errors.js`, which does not use the standard',
    ]);
  });

  it("accepts a module's own error file once it imports the standard (standard sentinels)", () => {
    const files = [analysed('src/a/throws.ts', "import { ErrX } from './errors.js';\nexport function f() { throw ErrX; }\n")];
    const usesStandard = (file: string): boolean | undefined => (file === 'src/a/errors.ts' ? true : undefined);
    expect(evaluateStandardImport(files, usesStandard)).toMatchObject({ violations: 0, checked: 1 });
  });
});
