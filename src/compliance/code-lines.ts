import { ts } from '#typescript';

/**
 * Counts the lines that hold code: not blank, and not only comment (a line with code and a
 * trailing comment counts). Uses the parse that already exists: the syntax tree's leaves
 * (names, literals, template parts, JSX text) mark the lines they span, and the scanner reads
 * only the short gaps between them, which hold nothing but punctuation, keywords and comments.
 * So a `//` inside a string or a regular expression, or a blank line inside a template, is read
 * as the parser read it. `visit` sees every node on the way (one walk serves several rules).
 */
export function countCodeLines(sourceFile: ts.SourceFile, visit?: (node: ts.Node) => void): number {
  const text = sourceFile.text;
  const lineStarts = sourceFile.getLineStarts();
  const marked = new Uint8Array(lineStarts.length);
  let line = 0;
  // Positions arrive in increasing order, so the line is found by walking forward.
  const lineAt = (position: number): number => {
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= position) line++;
    return line;
  };
  const mark = (start: number, end: number): void => {
    if (end <= start) return;
    const first = lineAt(start);
    const last = lineAt(end - 1);
    for (let l = first; l <= last; l++) marked[l] = 1;
  };
  const scanner = ts.createScanner(sourceFile.languageVersion, /* skipTrivia */ true, sourceFile.languageVariant);
  let cursor = 0;
  const scanGap = (end: number): void => {
    if (end <= cursor) return;
    scanner.setText(text, cursor, end - cursor);
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
      mark(scanner.getTokenStart(), scanner.getTokenEnd());
    }
    cursor = end;
  };
  const markJsxText = (start: number, end: number): void => {
    // Only its lines with something other than white space: JSX indentation is not code.
    let from = start;
    for (const piece of text.slice(start, end).split('\n')) {
      if (piece.trim().length > 0) mark(from, from + piece.length);
      from += piece.length + 1;
    }
  };

  const walk = (node: ts.Node): void => {
    visit?.(node);
    if (ts.isJsxExpression(node) && node.expression === undefined) {
      // `{/* a comment */}`: JSX's way to write a comment, so no code.
      cursor = node.end;
      return;
    }
    let leaf = true;
    ts.forEachChild(node, (child) => {
      leaf = false;
      scanGap(child.pos);
      walk(child);
    });
    if (leaf) {
      const start = node.getStart(sourceFile);
      scanGap(start);
      if (node.kind === ts.SyntaxKind.JsxText) markJsxText(start, node.end);
      else mark(start, node.end);
      cursor = Math.max(cursor, node.end);
    }
    scanGap(node.end);
  };
  walk(sourceFile);
  return marked.reduce((sum, value) => sum + value, 0);
}
