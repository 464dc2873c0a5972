import { ts } from '#typescript';
import type { Site } from '../site.js';
import type { Diagnostic } from './checked-program.js';
import type { FileEdits, PlacedEdit } from './file-edits.js';

/** The sites to revert for one diagnostic, and why, in the user's words. */
export interface Culprits {
  readonly sites: readonly number[];
  readonly reason: string;
}

/** "Object is possibly 'undefined'" and its kin: what a lost narrowing reports. */
const POSSIBLY_NULLISH = new Set([2531, 2532, 2533, 18047, 18048, 18049, 2721, 2722, 2723]);

export const quoteDiagnostic = (d: Pick<Diagnostic, 'code' | 'text'>): string => `TS${d.code}: ${d.text}`;

export const genericReason = (d: Diagnostic): string => `the type check rejects its edit (${quoteDiagnostic(d)}); migrate it by hand or opt it out`;

/**
 * The site whose edit a diagnostic falls inside (the innermost that holds its start), else one it
 * overlaps, else one it touches. `'import'` when it is the supporting edit; undefined when the
 * diagnostic is away from every edit (then bisection decides).
 */
export function siteAt(edits: FileEdits, d: Diagnostic): PlacedEdit | undefined {
  const placed = edits.placed();
  const size = (p: PlacedEdit): number => p.end - p.start;
  const smallest = (list: PlacedEdit[]): PlacedEdit | undefined => list.sort((a, b) => size(a) - size(b))[0];
  return (
    smallest(placed.filter((p) => p.start <= d.start && d.start < p.end)) ??
    smallest(placed.filter((p) => p.start < d.end && d.start < p.end)) ??
    smallest(placed.filter((p) => p.end === d.start || p.start === d.end))
  );
}

/**
 * Why a diagnostic inside a site's edit happened. A `must()` whose result the enclosing `if`
 * had narrowed (`if (a.b!.c) { a.b!.c.d() }`) is the common case: the check and the use are
 * reverted together, since reverting only the use leaves it narrowed by nothing.
 */
export function culpritsFor(edits: FileEdits, sites: readonly Site[], original: ts.SourceFile, d: Diagnostic, at: PlacedEdit & { site: number }): Culprits {
  const site = sites[at.site]!;
  if (site.transform === 'non-null' && POSSIBLY_NULLISH.has(d.code)) {
    const narrowing = narrowingCheck(original, at);
    if (narrowing) {
      const placed = edits.placed();
      const inCondition = placed.filter(
        (p): p is PlacedEdit & { site: number } =>
          p.site !== undefined &&
          p.originalStart >= narrowing.condition.getStart(original) &&
          p.originalEnd <= narrowing.condition.getEnd() &&
          sites[p.site]!.transform === 'non-null' &&
          sites[p.site]!.snippet === site.snippet,
      );
      if (inCondition.length > 0) {
        const narrowed = original.text.slice(at.originalStart, Math.max(at.originalEnd, edits.toOriginal(d.end)));
        return {
          sites: [at.site, ...inCondition.map((p) => p.site)],
          reason:
            `TypeScript narrowed \`${narrowed}\` in the enclosing ${narrowing.label}; \`must()\` returns a value that the check does not narrow: ` +
            `hoist it into a local or opt it out (${quoteDiagnostic(d)})`,
        };
      }
    }
  }
  return { sites: [at.site], reason: genericReason(d) };
}

/** The condition that guards the node at `at` (an `if`, `while`, `?:` or `&&`), within its function. */
function narrowingCheck(original: ts.SourceFile, at: PlacedEdit): { condition: ts.Expression; label: string } | undefined {
  let node = nodeAt(original, at.originalStart, at.originalEnd);
  while (node && node.parent && !ts.isFunctionLike(node.parent) && !ts.isSourceFile(node.parent)) {
    const parent: ts.Node = node.parent;
    if (ts.isIfStatement(parent) && node === parent.thenStatement) return { condition: parent.expression, label: '`if`' };
    if (ts.isWhileStatement(parent) && node === parent.statement) return { condition: parent.expression, label: '`while`' };
    if (ts.isConditionalExpression(parent) && node === parent.whenTrue) return { condition: parent.condition, label: 'condition' };
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && node === parent.right) {
      return { condition: parent.left, label: '`&&`' };
    }
    node = parent;
  }
  return undefined;
}

/** The innermost node spanning exactly `[start, end)`, else the innermost holding it. */
function nodeAt(sourceFile: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (node.getStart(sourceFile) <= start && end <= node.getEnd()) {
      found = node;
      ts.forEachChild(node, visit);
    }
  };
  ts.forEachChild(sourceFile, visit);
  return found;
}
