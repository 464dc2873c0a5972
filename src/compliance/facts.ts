import { ts } from '#typescript';
import type { StandardConfig } from '../config/schema.js';
import { countCodeLines } from './code-lines.js';
import { globMatcher } from './glob.js';
import { importsOf, isErrorModuleName, isStandardSpecifier } from './rules/standard-import.js';
import { checkTeamRule } from './rules/team-rules.js';
import type { ComplianceSettings, FileFacts } from './types.js';

export interface FactsContext {
  readonly compliance: ComplianceSettings;
  readonly standard: Pick<StandardConfig, 'path' | 'package'>;
}

/** Each team rule's `files`, compiled once per settings object (a session analyses many files with one). */
const matchers = new WeakMap<ComplianceSettings, ReadonlyArray<(file: string) => boolean>>();

/**
 * What the compliance rules need from a parsed file (`file` relative to the root): one walk of
 * its syntax tree counts lines of code and notes throws and catches; imports are read from the
 * top-level statements; a team rule looks only at the files its `files` match.
 */
export function collectFacts(sourceFile: ts.SourceFile, file: string, context: FactsContext): FileFacts {
  let handlesErrors = false;
  const codeLines = countCodeLines(sourceFile, (node) => {
    if (node.kind === ts.SyntaxKind.ThrowStatement || node.kind === ts.SyntaxKind.CatchClause) handlesErrors = true;
  });
  const imports = importsOf(sourceFile);
  const isStandard = (specifier: string): boolean => isStandardSpecifier(specifier, file, context.standard);
  const otherErrorModules = imports.filter(({ specifier }) => isErrorModuleName(specifier) && !isStandard(specifier));
  const { rules } = context.compliance;
  let filesOf = matchers.get(context.compliance);
  if (!filesOf) matchers.set(context.compliance, (filesOf = rules.map((rule) => globMatcher(rule.files))));
  const team: Record<string, ReturnType<typeof checkTeamRule>> = {};
  rules.forEach((rule, i) => {
    if (filesOf[i]!(file)) team[rule.id] = checkTeamRule(rule, sourceFile);
  });
  return { codeLines, standardImported: imports.some(({ specifier }) => isStandard(specifier)), handlesErrors, otherErrorModules, team };
}

/**
 * The facts of the files as `run` leaves them: a migrated file is measured again on its new text
 * (its line count and imports change with the edits). Costs one parse per migrated file, and only
 * the reports of `run` and `run --dry-run` ask for it.
 */
export function factsAfterEdits<T extends { readonly absolute: string; readonly file: string; readonly status: string; readonly declined?: boolean; readonly newText?: string; readonly facts?: FileFacts }>(
  outcomes: readonly T[],
  context: FactsContext,
): T[] {
  return outcomes.map((outcome) => {
    if (outcome.status !== 'changed' || outcome.declined === true || outcome.newText === undefined) return outcome;
    const sourceFile = ts.createSourceFile(outcome.absolute, outcome.newText, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false);
    return { ...outcome, facts: collectFacts(sourceFile, outcome.file, context) };
  });
}
