import path from 'node:path';
import { ts } from '#typescript';

/**
 * Context names (`BidEngine.start`, `meteringLoop`, `pkg/workflow.engine`) for protected sites:
 * the enclosing class and the chain of named functions around a node, or at module level the
 * file's module and stem. The report lists protected sites by these names, like the hand-written
 * REFACTOR reports list goroutines.
 */
export function enclosingName(node: ts.Node, moduleName: string, fileName: string): string {
  const parts: string[] = [];
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) {
      parts.unshift(className(current));
      break;
    }
    const name = functionName(current);
    if (name !== undefined) parts.unshift(name);
  }
  if (parts.length > 0) return parts.join('.');
  const stem = path.posix.basename(fileName).replace(/\.[^.]+$/, '');
  return moduleName === '.' ? stem : `${moduleName}.${stem}`;
}

/** The name a function-like node goes by, or undefined for anything else (and for anonymous callbacks). */
function functionName(node: ts.Node): string | undefined {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    return node.name ? propertyNameText(node.name) : 'default';
  }
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return undefined;
  if (ts.isFunctionExpression(node) && node.name) return node.name.text;
  let holder: ts.Node = node.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  if ((ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) && !ts.isArrayBindingPattern(holder.name)) {
    return ts.isObjectBindingPattern(holder.name) ? undefined : propertyNameText(holder.name);
  }
  if (ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = holder.left;
    if (ts.isIdentifier(left)) return left.text;
    if (ts.isPropertyAccessExpression(left)) return left.name.text;
  }
  return undefined;
}

function className(node: ts.ClassLikeDeclaration): string {
  if (node.name) return node.name.text;
  const holder = node.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  return 'AnonymousClass';
}

function propertyNameText(name: ts.PropertyName | ts.BindingName): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return 'computed';
}

/** Hands out context names unique within one file: the second site in `start` is `BidEngine.start#2`. */
export class ContextNamer {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly moduleName: string,
    private readonly fileName: string,
  ) {}

  next(node: ts.Node): string {
    const base = enclosingName(node, this.moduleName, this.fileName);
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  }
}
