import { ts } from '#typescript';
import { CATEGORY_OF_CLASS, isErrorCategory, type ErrorCategory } from '../codes/categories.js';
import { messageText } from '../codes/message-text.js';
import { standardNameOf } from '../../transforms/support/error-syntax.js';

/** One place the code defines an error with a literal module, code and text. */
export interface CatalogSite {
  readonly module: string;
  readonly code: number;
  readonly category: ErrorCategory;
  readonly text: string;
  /** Relative to the root, `/`-separated. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** The sentinel's variable name, for `const ErrX = sentinel(...)`. */
  readonly sentinel?: string;
}

/**
 * The error definitions of one file: `sentinel('module', code, 'text', category?)` calls and
 * typed error constructions `new NotFoundError('module', code, 'text', ...)` whose module, code
 * and text are literals (what `sentinel` and `typed-throw` write). Anything computed is left out:
 * the catalog lists what the code says, not what it might say at run time.
 */
export function scanErrorDefinitions(sourceFile: ts.SourceFile, file: string): CatalogSite[] {
  const sites: CatalogSite[] = [];
  const visit = (node: ts.Node): void => {
    const site = ts.isCallExpression(node) || ts.isNewExpression(node) ? definitionAt(node, sourceFile, file) : undefined;
    if (site) sites.push(site);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return sites;
}

function definitionAt(node: ts.CallExpression | ts.NewExpression, sourceFile: ts.SourceFile, file: string): CatalogSite | undefined {
  const name = standardNameOf(node.expression);
  const args = node.arguments ?? [];
  const [moduleArg, codeArg, textArg, categoryArg] = args;
  if (!name || !moduleArg || !codeArg || !textArg || !ts.isStringLiteralLike(moduleArg) || !ts.isNumericLiteral(codeArg)) return undefined;
  const text = messageText(textArg, sourceFile);
  if (text === undefined) return undefined;
  let category: ErrorCategory | undefined;
  if (ts.isCallExpression(node) && name === 'sentinel') {
    // The standard's default category of a sentinel is `internal`.
    category = categoryArg === undefined ? 'internal' : ts.isStringLiteralLike(categoryArg) && isErrorCategory(categoryArg.text) ? categoryArg.text : undefined;
  } else if (ts.isNewExpression(node)) {
    category = CATEGORY_OF_CLASS.get(name);
  }
  if (category === undefined) return undefined;
  const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  const holder = node.parent;
  const sentinel = ts.isCallExpression(node) && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
  return { module: moduleArg.text, code: Number(codeArg.text), category, text, file, line, ...(sentinel === undefined ? {} : { sentinel }) };
}
