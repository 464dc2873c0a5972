import { ts } from '#typescript';
import type { SiteEdit } from '../migrate-file.js';

/** A declaration that holds edits, where it starts in the original text and in the edited one. */
export interface EditedDeclaration {
  readonly kind: ts.SyntaxKind;
  readonly before: number;
  readonly after: number;
}

/**
 * The declarations that other code can name (top-level ones and the members of top-level
 * classes and object literals) that hold a file's edits; undefined when an edit lies outside
 * every one (a top-level statement: its narrowing reaches the declarations after it).
 *
 * When the types of these declarations read the same before and after the edits, the file's
 * declarations are all as they were: the rest of its text is the same, and an edit inside a body
 * narrows nothing outside it. Asking for those few types is much cheaper than emitting the
 * file's declarations, which prints every inferred type in it.
 */
export function editedDeclarations(original: ts.SourceFile, edits: readonly SiteEdit[]): EditedDeclaration[] | undefined {
  const changes = edits.flatMap((edit) => edit.changes).sort((a, b) => a.start - b.start);
  const found = new Map<number, EditedDeclaration>();
  for (const edit of edits) {
    if (edit.site === undefined) continue;
    for (const change of edit.changes) {
      const declaration = outerDeclarationAround(original, change.start, change.end);
      if (!declaration) return undefined;
      // Its type is written out: nothing in its initialiser changes it.
      if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.type) continue;
      const before = declaration.getStart(original);
      found.set(before, { kind: declaration.kind, before, after: before + shiftBefore(changes, before) });
    }
  }
  return [...found.values()];
}

/**
 * Whether the declarations read the same in both programs. False when one cannot be found again
 * where the edits moved it (then the caller compares the whole file's declarations).
 */
export function sameDeclarationTypes(previous: ts.Program, before: ts.SourceFile, next: ts.Program, after: ts.SourceFile, declarations: readonly EditedDeclaration[]): boolean {
  return declarations.every((declaration) => {
    const old = declarationAt(before, declaration.before, declaration.kind);
    const edited = declarationAt(after, declaration.after, declaration.kind);
    return old !== undefined && edited !== undefined && typeText(previous, old) === typeText(next, edited);
  });
}

function typeText(program: ts.Program, declaration: ts.NamedDeclaration): string {
  const checker = program.getTypeChecker();
  const at = declaration.name ?? declaration;
  const full = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType | ts.TypeFormatFlags.WriteTypeArgumentsOfSignature;
  return checker.typeToString(checker.getTypeAtLocation(at), declaration, full);
}

/** How far the changes before `position` move it. */
function shiftBefore(changes: ReadonlyArray<{ readonly start: number; readonly end: number; readonly text: string }>, position: number): number {
  let shift = 0;
  for (const change of changes) if (change.end <= position) shift += change.text.length - (change.end - change.start);
  return shift;
}

/** The declaration of `kind` whose first token is at `start`. */
function declarationAt(sourceFile: ts.SourceFile, start: number, kind: ts.SyntaxKind): ts.NamedDeclaration | undefined {
  let node: ts.Node | undefined = sourceFile;
  while (node) {
    if (node.kind === kind && node.getStart(sourceFile) === start) return node as ts.NamedDeclaration;
    node = ts.forEachChild(node, (child) => (child.pos <= start && start < child.end ? child : undefined));
  }
  return undefined;
}

/** The last declaration met on the way down to [start, end) before entering any function's body. */
function outerDeclarationAround(sourceFile: ts.SourceFile, start: number, end: number): ts.NamedDeclaration | undefined {
  let declaration: ts.NamedDeclaration | undefined;
  let parent: ts.Node | undefined;
  for (let node: ts.Node | undefined = sourceFile; node; node = ts.forEachChild(node, (child) => (child.pos <= start && end <= child.end ? child : undefined))) {
    if (parent && ts.isFunctionLike(parent) && (parent as ts.FunctionLikeDeclaration).body === node) break;
    if (isNameable(node)) declaration = node;
    parent = node;
  }
  return declaration;
}

function isNameable(node: ts.Node): node is ts.NamedDeclaration {
  return (
    ((ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node)) && node.name !== undefined && ts.isIdentifier(node.name)) ||
    ts.isMethodDeclaration(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isPropertyAssignment(node) ||
    ts.isAccessor(node)
  );
}
