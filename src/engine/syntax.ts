import { ts } from 'ts-morph';

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

/** Parses `text` as the same kind of file and returns its syntax errors. */
export function syntaxErrorsOf(fileName: string, text: string, scriptKind: ts.ScriptKind): readonly ts.DiagnosticWithLocation[] {
  return syntaxErrors(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKind));
}
