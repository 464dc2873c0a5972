import { describe, expect, it } from 'vitest';
import { errorLine, thrownByCompiler } from '../src/engine/phase-error.js';

const withStack = (stack: string): Error => Object.assign(new RangeError('Maximum call stack size exceeded'), { stack });

describe('thrownByCompiler', () => {
  it('looks past built-ins to the innermost frame of code, where a stack overflow often surfaces', () => {
    const stack = `RangeError: Maximum call stack size exceeded
    at Array.push (<anonymous>)
    at addLazyDiagnostic (/repo/node_modules/@ts-morph/common/dist/typescript.js:51074:34)
    at onSuccessfullyResolvedSymbol (/repo/node_modules/@ts-morph/common/dist/typescript.js:52790:5)`;
    expect(thrownByCompiler(withStack(stack))).toBe(true);
  });

  it('knows the compiler in its own package too', () => {
    expect(thrownByCompiler(withStack('RangeError: x\n    at addSpans (/repo/node_modules/typescript/lib/typescript.js:62120:19)'))).toBe(true);
  });

  it('is false for a throw in a transform, even when the compiler is further out', () => {
    const stack = `TypeError: Cannot read properties of undefined (reading 'kind')
    at Object.11 (file:///repo/tools/buggy.mjs:9:47)
    at walk (/repo/node_modules/@ts-morph/common/dist/typescript.js:1:1)`;
    expect(thrownByCompiler(withStack(stack))).toBe(false);
  });
});

describe('errorLine', () => {
  it('is the class and the first line of the message', () => {
    expect(errorLine(new TypeError('files is not iterable\nmore'))).toBe('TypeError: files is not iterable');
    expect(errorLine('a thrown string')).toBe('a thrown string');
  });
});
