import { ts } from '#typescript';
import type { Transform, TransformContext } from '../src/engine/transform.js';
import { skipParentheses } from '../src/codes/message-text.js';
import { isDefaultLibraryFile } from './support/default-library.js';

/** The host's scheduling functions; `nextTick` as `process.nextTick`. Each takes the callback first. */
const TIMER_NAMES = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'nextTick']);

/** Node's declaration files; the other host's are TypeScript's default libraries (`lib.dom.d.ts`). */
const NODE_TYPES = /[\\/]node_modules[\\/]@types[\\/]node[\\/]/;

/**
 * `setTimeout(cb, ms)` becomes `setTimeout(safeCallback('Ctx.op', cb), ms)`: a throw in a timer
 * callback (or a rejection of the promise an async callback returns) is reported instead of
 * crashing the process. Only the host's timers count, recognised by the declaration their symbol
 * resolves to, so a local `setTimeout` or the promise API of `timers/promises` is left alone.
 */
export const timer: Transform = {
  id: 'timer',
  description: 'wrap callbacks given to the global timers and `process.nextTick` in `safeCallback`',
  needsTypes: true,
  create(context) {
    const names = timerNames(context.sourceFile);
    let standard: { file: string | undefined } | undefined;
    const isSafeCallback = (node: ts.Expression): boolean => {
      standard ??= { file: resolveStandardModule(context) };
      return standard.file !== undefined && callsStandardExport(context.checker, node, new Set(['safeCallback', context.standard.exportedName('safeCallback')]), standard.file);
    };

    return {
      [ts.SyntaxKind.CallExpression](call: ts.CallExpression) {
        const name = calleeName(call.expression);
        const callback = call.arguments[0];
        if (!name || !names.has(name) || !callback || ts.isSpreadElement(callback)) return;
        if (!isHostTimer(context.checker, call.expression) || isSafeCallback(callback)) return;

        const timerText = call.expression.getText(context.sourceFile).replace(/\s+/g, '');
        const message = `\`${timerText}\` callback is not wrapped in safeCallback`;
        const manual = whyManual(context.checker, callback);
        if (manual) {
          context.report({ node: callback, message, manual });
          return;
        }
        const contextName = context.uniqueContextName(callback);
        context.report({
          node: callback,
          message,
          contextName,
          fix(fixer) {
            fixer.wrap(callback, `${fixer.std('safeCallback')}(${context.stringLiteral(contextName)}, `, ')');
          },
        });
      },
    };
  },
};

export default timer;

/** The timer names, plus local names that imports give them (`import { setTimeout as later } from 'node:timers'`). */
function timerNames(sourceFile: ts.SourceFile): ReadonlySet<string> {
  const names = new Set(TIMER_NAMES);
  for (const statement of sourceFile.statements) {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      if (element.propertyName && TIMER_NAMES.has(element.propertyName.text)) names.add(element.name.text);
    }
  }
  return names;
}

function calleeName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) return callee.name.text;
  return undefined;
}

/**
 * The callee's symbol (through imports such as `node:timers`) is declared by the host, globally.
 * One host declaration is enough: a project's own global overloads (`declare function
 * setTimeout(...)` in a `.d.ts`) merge into the same symbol and leave it the host's timer.
 */
function isHostTimer(checker: ts.TypeChecker, callee: ts.Expression): boolean {
  const symbol = resolvedSymbol(checker, ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  return (symbol?.declarations ?? []).some(isGlobalHostDeclaration);
}

/**
 * Declared by the host, at global scope or inside `declare global`, never as the export of a
 * module such as `timers/promises`.
 */
function isGlobalHostDeclaration(declaration: ts.Declaration): boolean {
  const file = declaration.getSourceFile();
  if (!file.isDeclarationFile || !(isDefaultLibraryFile(file) || NODE_TYPES.test(file.fileName))) return false;
  for (let node: ts.Node | undefined = declaration.parent; node; node = node.parent) {
    if (!ts.isModuleDeclaration(node)) continue;
    if (node.flags & ts.NodeFlags.GlobalAugmentation) return true;
    if (ts.isStringLiteral(node.name)) return false;
  }
  return true;
}

function whyManual(checker: ts.TypeChecker, callback: ts.Expression): string | undefined {
  // A function written in place is callable by its syntax; asking for its type would check its body.
  const written = skipParentheses(callback);
  if (ts.isArrowFunction(written) || ts.isFunctionExpression(written)) return undefined;
  const type = checker.getTypeAtLocation(callback);
  const parts = type.isUnion() ? type.types : [type];
  if (parts.some((part) => part.flags & ts.TypeFlags.StringLike)) {
    return 'the callback is a string of code to evaluate, which safeCallback cannot wrap; pass a function instead';
  }
  if (!(type.flags & ts.TypeFlags.Any) && type.getCallSignatures().length === 0) {
    return 'the callback has no call signature, as a `Function` has none, so `safeCallback` would not type-check; give it a function type';
  }
  return undefined;
}

/**
 * `safeCallback(...)` (or `verrors.safeCallback(...)`, or an alias) imported from the standard
 * module. `names` holds the standard's name and the team's own (`standard.names`): aliases
 * resolve to the declaration, which may have either.
 */
function callsStandardExport(checker: ts.TypeChecker, expression: ts.Expression, names: ReadonlySet<string>, standardFile: string): boolean {
  const node = skipParentheses(expression);
  if (!ts.isCallExpression(node)) return false;
  const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
  const symbol = resolvedSymbol(checker, callee);
  return symbol !== undefined && names.has(symbol.name) && (symbol.declarations ?? []).some((d) => realPath(d.getSourceFile().fileName) === standardFile);
}

/** Symbolic links resolved, so that one file reached two ways compares equal. */
function realPath(file: string): string {
  return ts.sys.realpath?.(file) ?? file;
}

function resolvedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(node);
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The standard module's file as the compiler resolves the specifier this file imports it by. */
function resolveStandardModule(context: TransformContext): string | undefined {
  const { specifier } = context.standard;
  const resolved = ts.resolveModuleName(specifier, context.sourceFile.fileName, context.compilerOptions, ts.sys, undefined, undefined, context.sourceFile.impliedNodeFormat);
  const file = resolved.resolvedModule?.resolvedFileName;
  return file === undefined ? undefined : realPath(file);
}
