import { ts } from '#typescript';

/**
 * Syntax errors the parser recorded for a file. `parseDiagnostics` is where the parser keeps
 * them; asking a program instead would build one just to learn that a file does not parse.
 */
export function syntaxErrors(sourceFile: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sourceFile as ts.SourceFile & { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

export function describeSyntaxError(sourceFile: ts.SourceFile, diagnostic: ts.DiagnosticWithLocation): string {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start);
  return `${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
}

/**
 * Parses `text` as the file's kind (from its extension, as the first parse did) and returns its
 * syntax errors. JSDoc is not parsed: its errors are never syntax errors.
 */
export function syntaxErrorsOf(fileName: string, text: string): readonly ts.DiagnosticWithLocation[] {
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  return syntaxErrors(ts.createSourceFile(fileName, text, options, /* setParentNodes */ false));
}
