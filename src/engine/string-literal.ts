import { ts } from '#typescript';

/**
 * The file's own quote style, read from its import specifiers (the most consistent strings in
 * a file), so that added strings look like the code around them.
 */
export function preferredQuote(sourceFile: ts.SourceFile): "'" | '"' {
  let single = 0;
  let double = 0;
  for (const statement of sourceFile.statements) {
    const specifier = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    if (sourceFile.text[specifier.getStart(sourceFile)] === '"') double++;
    else single++;
  }
  return double > single ? '"' : "'";
}

/**
 * A string literal for `text`, escaped to parse back to `text`: in the preferred quote style,
 * or the other one when that spares escaping (`"m.get('k')"` rather than `'m.get(\'k\')'`).
 */
export function stringLiteral(text: string, preferred: "'" | '"'): string {
  const other = preferred === "'" ? '"' : "'";
  const quote = text.includes(preferred) && !text.includes(other) ? other : preferred;
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `${quote}${escaped}${quote}`;
}
