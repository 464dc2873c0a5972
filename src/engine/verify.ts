import { Project, ts, type SourceFile } from 'ts-morph';
import type { ProjectSettings } from './project.js';
import type { FileOutcome } from './session.js';

export interface VerifyResult {
  readonly diagnosticsBefore: number;
  readonly diagnosticsAfter: number;
  /** Files whose edits were undone, with the diagnostics their edits added. */
  readonly rolledBack: ReadonlyArray<{ readonly file: string; readonly diagnostics: readonly string[] }>;
}

/** Re-check rounds after rollbacks; each round can only roll back more files, so it converges fast. */
const MAX_ROUNDS = 5;

type DiagnosticsByFile = Map<string, string[]>;

/**
 * `run --verify`: type-checks the project before and after the edits. A changed file with a new
 * diagnostic is rolled back to its original text; a new diagnostic in an unchanged file rolls
 * back the changed files it imports. Rollbacks can change other files' types, so the project is
 * checked again until no new diagnostic is left. Returns the outcomes with rolled-back files
 * turned into skipped ones.
 *
 * The project is the tsconfig's files and every analysed one; this is the one place that keeps
 * whole-project state and edits it, which is what ts-morph is made for.
 */
export function verifyEdits(settings: ProjectSettings, outcomes: readonly FileOutcome[]): { outcomes: FileOutcome[]; result: VerifyResult } {
  const project = new Project({ compilerOptions: settings.options, skipFileDependencyResolution: true });
  if (settings.tsconfig) project.addSourceFilesFromTsConfig(settings.tsconfig);
  for (const outcome of outcomes) {
    if (outcome.source && !project.getSourceFile(outcome.absolute)) project.createSourceFile(outcome.absolute, outcome.source.text);
  }
  const changed = new Map(outcomes.filter((o) => o.status === 'changed').map((o) => [o.absolute, o]));
  const before = collectDiagnostics(project);

  for (const outcome of changed.values()) project.getSourceFileOrThrow(outcome.absolute).replaceWithText(outcome.newText!);
  const rolledBack = new Map<string, string[]>();
  let after = collectDiagnostics(project);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const added = newDiagnostics(before, after);
    const culprits = new Map<string, string[]>();
    for (const [file, diagnostics] of added) {
      const responsible = changed.has(file) && !rolledBack.has(file) ? [file] : changedDependencies(project, file, changed, rolledBack);
      for (const culprit of responsible) culprits.set(culprit, [...(culprits.get(culprit) ?? []), ...diagnostics]);
    }
    if (culprits.size === 0) break;
    for (const [file, diagnostics] of culprits) {
      rolledBack.set(file, diagnostics);
      project.getSourceFileOrThrow(file).replaceWithText(changed.get(file)!.source!.text);
    }
    after = collectDiagnostics(project);
  }

  const count = (byFile: DiagnosticsByFile): number => [...byFile.values()].reduce((n, list) => n + list.length, 0);
  return {
    outcomes: outcomes.map((o) =>
      rolledBack.has(o.absolute)
        ? { ...o, status: 'skipped', skipReason: `rolled back by --verify: its edits add type errors (${rolledBack.get(o.absolute)![0]})` }
        : o,
    ),
    result: {
      diagnosticsBefore: count(before),
      diagnosticsAfter: count(after),
      rolledBack: [...rolledBack].map(([file, diagnostics]) => ({ file: changed.get(file)!.file, diagnostics })),
    },
  };
}

/** Diagnostics of every project file (declaration files aside), as position-free text per file. */
function collectDiagnostics(project: Project): DiagnosticsByFile {
  const program = project.getProgram().compilerObject;
  const byFile: DiagnosticsByFile = new Map();
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    if (diagnostics.length === 0) continue;
    byFile.set(
      sourceFile.fileName,
      diagnostics.map((d) => {
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${line + 1}:${character + 1} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      }),
    );
  }
  return byFile;
}

/** Diagnostics after that were not there before, compared without positions (edits move lines). */
function newDiagnostics(before: DiagnosticsByFile, after: DiagnosticsByFile): DiagnosticsByFile {
  const withoutPosition = (text: string): string => text.replace(/^\d+:\d+ /, '');
  const added: DiagnosticsByFile = new Map();
  for (const [file, diagnostics] of after) {
    const remaining = new Map<string, number>();
    for (const d of before.get(file) ?? []) remaining.set(withoutPosition(d), (remaining.get(withoutPosition(d)) ?? 0) + 1);
    const fresh = diagnostics.filter((d) => {
      const left = remaining.get(withoutPosition(d)) ?? 0;
      if (left > 0) remaining.set(withoutPosition(d), left - 1);
      return left === 0;
    });
    if (fresh.length > 0) added.set(file, fresh);
  }
  return added;
}

/** The changed (and not yet rolled back) files that `file` imports, directly or through others. */
function changedDependencies(project: Project, file: string, changed: ReadonlyMap<string, FileOutcome>, rolledBack: ReadonlyMap<string, string[]>): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (sourceFile: SourceFile): void => {
    for (const referenced of sourceFile.getReferencedSourceFiles()) {
      const name = referenced.getFilePath();
      if (seen.has(name)) continue;
      seen.add(name);
      if (changed.has(name) && !rolledBack.has(name)) found.push(name);
      else visit(referenced);
    }
  };
  const start = project.getSourceFile(file);
  if (start) visit(start);
  return found;
}
