import type { ts } from '#typescript';

/**
 * The 1-based line of an ESLint directive that turns `rule` off at `node`: an
 * `eslint-disable-next-line` on the line before, an `eslint-disable-line` on its own line, or an
 * `/* eslint-disable *\/` block before it that no `eslint-enable` closed. A directive that names no
 * rule turns every rule off. Undefined when none does.
 */
export function lintDisabledAt(sourceFile: ts.SourceFile, node: ts.Node, rule: string): number | undefined {
  const text = sourceFile.text;
  if (!text.includes('eslint-disable')) return undefined;
  const start = node.getStart(sourceFile);
  const { line } = sourceFile.getLineAndCharacterOfPosition(start);
  const lineText = (index: number): string => {
    const lines = sourceFile.getLineStarts();
    return index < 0 || index >= lines.length ? '' : text.slice(lines[index], lines[index + 1] ?? text.length);
  };
  if (names(lineText(line - 1), 'eslint-disable-next-line', rule)) return line;
  if (names(lineText(line), 'eslint-disable-line', rule)) return line + 1;
  let disabledAt: number | undefined;
  for (const match of text.slice(0, start).matchAll(/\/\*\s*eslint-(disable|enable)(?![-\w])([^*]*)\*\//g)) {
    const listed = match[2]!.trim();
    const covers = listed === '' || listed.split(/[\s,]+/).some((name) => name === rule || name.endsWith(`/${rule}`));
    if (!covers) continue;
    disabledAt = match[1] === 'disable' ? sourceFile.getLineAndCharacterOfPosition(match.index).line + 1 : undefined;
  }
  return disabledAt;
}

function names(line: string, directive: string, rule: string): boolean {
  const at = line.indexOf(directive);
  if (at < 0) return false;
  const rest = line.slice(at + directive.length);
  if (!/^(\s|\*\/|$)/.test(rest)) return false;
  const listed = rest.replace(/\*\/.*$/s, '').replace(/--.*$/s, '').trim();
  return listed === '' || listed.split(/[\s,]+/).some((name) => name === rule || name.endsWith(`/${rule}`));
}
