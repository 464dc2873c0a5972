import { ts } from '#typescript';
import { describe, expect, it } from 'vitest';
import { countCodeLines } from '../../src/compliance/code-lines.js';

const count = (text: string, file = 'a.ts'): number => countCodeLines(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));

describe('lines of code (max-file-lines)', () => {
  it('counts lines with code, not blank lines or lines of only comments', () => {
    const text = ['// header', '', '/**', ' * doc', ' */', 'export const a = 1; // trailing', '   ', '/* one */ const b = 2;', 'const c = /* inline */ 3;', '/*', 'block', '*/'].join('\n');
    expect(count(text)).toBe(3);
  });

  it('reads strings, regular expressions and templates as the parser does', () => {
    const text = [
      "const url = 'http://example.com'; ",
      'const re = /\\/*not a comment/;',
      'const t = `first',
      '',
      '// inside the template',
      '${url}`;',
      'const s = "/* not a comment either */";',
      'const d = 4 / 2 / 1;',
    ].join('\n');
    expect(count(text)).toBe(8);
  });

  it('counts JSX text, but not the white space between elements or a JSX comment', () => {
    const text = ['export const A = () => (', '  <div>', '', '    Hello // not a comment', '    {/* a JSX comment */}', '  </div>', ');'].join('\n');
    expect(count(text, 'a.tsx')).toBe(5);
  });

  it('counts an empty file as 0, and CRLF line ends as LF ones', () => {
    expect(count('')).toBe(0);
    expect(count('const a = 1;\r\n\r\n// x\r\nconst b = 2;\r\n')).toBe(2);
  });
});
