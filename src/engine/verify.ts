import path from 'node:path';
import { ts } from '#typescript';
import { PhaseError } from './phase-error.js';
import type { AnalysedProgram } from './program.js';
import type { ProjectSettings } from './project.js';
import type { FileOutcome } from './session.js';
import type { Site } from './site.js';
import { CheckedProgram, type Diagnostic } from './verify/checked-program.js';
import { editsStayInBodies } from './verify/body-edits.js';
import { editedDeclarations } from './verify/edited-declarations.js';
import { affectsGlobalScope, type EditHints } from './verify/reach.js';
import { culpritsFor, quoteDiagnostic, siteAt } from './verify/culprits.js';
import { FileEdits } from './verify/file-edits.js';

/** A site whose edit the type check rejected: reverted, and now manual. */
export interface RevertedSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly transform: string;
  readonly reason: string;
}

export interface VerifyResult {
  /** The files the edits can affect, which were checked; the counts below are of these files. */
  readonly filesChecked: number;
  readonly diagnosticsBefore: number;
  readonly diagnosticsAfter: number;
  readonly revertedSites: readonly RevertedSite[];
  /** Files whose edits were all undone because no single site could be blamed (the import, say). */
  readonly rolledBack: ReadonlyArray<{ readonly file: string; readonly diagnostics: readonly string[] }>;
}

/** Bisection steps are one file's re-check each; this bounds a pathological project. */
const MAX_ROUNDS = 200;

/**
 * `run`'s type check: the files the edits can affect are checked after the edits (see
 * `CheckedProgram`), and each site whose edit adds a diagnostic is reverted; the file keeps its
 * other edits. What a file had before the edits is asked only of the files with errors after
 * (see `BeforeEdits`). So the check costs the edited files and the files that see their
 * declarations change, at most about one `tsc` of the project. The culprit is the site the
 * diagnostic falls in (or touches); when there is none (the diagnostic is elsewhere in the file,
 * or in a file that only imports changed ones), the candidate sites are bisected. Reverting can
 * change types again, so the check repeats (re-checking only what the reverts affect) until no
 * new diagnostic is left.
 */
export function verifyEdits(
  settings: ProjectSettings,
  outcomes: readonly FileOutcome[],
  onPhase: (text: string) => void = () => {},
  /** The analysis's parses of the files as read (reused where the texts match), and its program. */
  analysis: AnalysedProgram = { sourceFiles: [] },
): { outcomes: FileOutcome[]; result: VerifyResult } {
  const changed = new Map(outcomes.filter((o) => o.status === 'changed' && o.source && o.edits).map((o) => [o.absolute, o]));
  const edits = new Map([...changed].map(([file, o]) => [file, new FileEdits(o.source!.text, o.edits!)]));
  const analysed = outcomes.filter((o) => o.source).map((o) => o.absolute);
  const reasons = new Map<string, Map<number, string>>();
  const wholeFiles = new Map<string, string[]>();
  const unattributable = new Set<string>();
  let phase = { file: settings.tsconfig ?? '(no tsconfig)', name: 'the type check after the edits' };

  try {
    const parsed = new Map(analysis.sourceFiles.map((sourceFile) => [path.resolve(sourceFile.fileName), sourceFile]));
    const originals = new Map<string, ts.SourceFile>();
    /** The parse of a changed file as read: the analysis's (it has parents), or a new one. */
    const originalOf = (file: string): ts.SourceFile => {
      let sourceFile = originals.get(file);
      if (sourceFile) return sourceFile;
      const text = edits.get(file)!.original;
      const analysed = parsed.get(file);
      sourceFile = analysed?.text === text ? analysed : ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      originals.set(file, sourceFile);
      return sourceFile;
    };
    const keepDeclarations = new Set([...changed.keys()].filter((file) => editsStayInBodies(originalOf(file), changed.get(file)!.edits!)));
    const declarations = new Map([...changed.keys()].filter((file) => !keepDeclarations.has(file)).map((file) => [file, editedDeclarations(originalOf(file), changed.get(file)!.edits!)]));
    const hints: EditHints = { keepsDeclarations: (file) => keepDeclarations.has(file), editedDeclarations: (file) => declarations.get(file) };
    // A script's declarations are seen by every file without an import, and an added import makes it a module.
    const globalEdits = [...changed.keys()].filter((file) => affectsGlobalScope(originalOf(file)));
    const program = new CheckedProgram(settings, analysed, tsconfigFiles(settings), analysis, hints);
    const sync = (): void => {
      for (const [file, fileEdits] of edits) program.setText(file, fileEdits.text());
    };
    sync();
    onPhase('Type-checking the edits');
    let after = program.diagnostics();
    const before = new BeforeEdits(program);
    const checkBefore = (): void => {
      phase = { ...phase, name: 'the type check before the edits' };
      before.check(after.map((d) => d.file));
    };
    checkBefore();
    const revert = (file: string, site: number, reason: string): void => {
      edits.get(file)!.revert(site);
      const list = reasons.get(file) ?? new Map<number, string>();
      if (!list.has(site)) list.set(site, reason);
      reasons.set(file, list);
    };
    const revertFile = (file: string, d: Diagnostic): void => {
      const fileEdits = edits.get(file)!;
      for (const site of fileEdits.keptSites) revert(file, site, `its file's edits together add a type error (${quoteDiagnostic(d)}); migrate the file by hand`);
      wholeFiles.set(file, [...(wholeFiles.get(file) ?? []), describe(program, d)]);
    };

    for (let round = 0; round < MAX_ROUNDS; round++) {
      const added = newDiagnostics(before.counts, after);
      if (added.length === 0) break;
      let decided = false;
      const undecided: Diagnostic[] = [];
      for (const d of added) {
        phase = { file: d.file, name: 'finding the site behind a new type error' };
        const fileEdits = edits.get(d.file);
        const at = fileEdits && !fileEdits.isFullyReverted ? siteAt(fileEdits, d) : undefined;
        if (!at) {
          undecided.push(d);
        } else if (at.site === undefined) {
          revertFile(d.file, d);
          decided = true;
        } else {
          const culprits = culpritsFor(fileEdits!, changed.get(d.file)!.sites, originalOf(d.file), d, { ...at, site: at.site });
          for (const site of culprits.sites) revert(d.file, site, culprits.reason);
          decided = true;
        }
      }
      for (const d of decided ? [] : undecided) {
        if (unattributable.has(keyOf(d))) continue;
        phase = { file: d.file, name: 'bisecting the edits behind a new type error' };
        const candidates = candidatesFor(program, edits, d.file, globalEdits);
        const culprit = candidates.length > 0 ? bisect(program, edits, candidates, d, before.counts) : undefined;
        if (!culprit) {
          // Not the edits' doing (reverting them all leaves it): it stays, and counts in "after".
          unattributable.add(keyOf(d));
          continue;
        }
        const own = culprit.file === d.file;
        revert(culprit.file, culprit.site, own ? `its edit adds a type error further on (${describe(program, d)}); migrate it by hand or opt it out` : `its edit adds a type error in ${describe(program, d)}; migrate it by hand or opt it out`);
        decided = true;
        break;
      }
      if (!decided) break;
      phase = { file: settings.tsconfig ?? '(no tsconfig)', name: 'the type check after reverting sites' };
      onPhase(`Type-checking again (round ${round + 2}): ${reasons.size} file(s) with reverted sites`);
      sync();
      after = program.diagnostics();
      checkBefore();
    }
    return { outcomes: outcomes.map((o) => withReverts(o, edits.get(o.absolute), reasons.get(o.absolute))), result: { filesChecked: program.filesChecked, ...resultOf(before.counts, after, outcomes, reasons, wholeFiles) } };
  } catch (error) {
    // One line for the user (the CLI prints it, the stack only with --verbose); nothing is written yet.
    throw new PhaseError(`${phase.name} (${path.relative(process.cwd(), phase.file) || phase.file})`, error);
  }
}

/** Every file the tsconfig lists (its own errors were already reported when the options were read). */
function tsconfigFiles(settings: ProjectSettings): string[] {
  if (!settings.tsconfig) return [];
  const parsed = ts.getParsedCommandLineOfConfigFile(settings.tsconfig, undefined, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  return parsed?.fileNames ?? [];
}

/**
 * The diagnostics of the project before the edits, file by file, for the files that have errors
 * after them. A diagnostic is new when its file had fewer like it before, so a file without
 * errors after needs no "before"; and a project that type-checked before has few files with
 * errors after. Errors that the edits made go away entirely are not counted.
 */
class BeforeEdits {
  readonly counts = new Map<string, number>();
  private readonly checked = new Set<string>();

  constructor(private readonly program: CheckedProgram) {}

  check(files: readonly string[]): void {
    const unchecked = [...new Set(files)].filter((file) => !this.checked.has(file));
    for (const file of unchecked) this.checked.add(file);
    for (const [key, count] of keyCounts(this.program.diagnosticsOnDisk(unchecked))) this.counts.set(key, count);
  }
}

const keyOf = (d: Diagnostic): string => `${d.file}\u0000${d.code}\u0000${d.text}`;

/** How many of each diagnostic (file, code, text: positions move with the edits). */
function keyCounts(diagnostics: readonly Diagnostic[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(keyOf(d), (counts.get(keyOf(d)) ?? 0) + 1);
  return counts;
}

/** Diagnostics after that were not there before. */
function newDiagnostics(before: ReadonlyMap<string, number>, after: readonly Diagnostic[]): Diagnostic[] {
  const left = new Map(before);
  return after.filter((d) => {
    const count = left.get(keyOf(d)) ?? 0;
    left.set(keyOf(d), count - 1);
    return count <= 0;
  });
}

interface Candidate {
  readonly file: string;
  readonly site: number;
}

/**
 * The kept sites that could cause a diagnostic in `file`: its own, then those of the changed files
 * it imports (transitively), then those of the changed files that declare globals.
 */
function candidatesFor(program: CheckedProgram, edits: ReadonlyMap<string, FileEdits>, file: string, globalEdits: readonly string[]): Candidate[] {
  const files: string[] = [];
  const seen = new Set<string>([file]);
  const queue = [file];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (edits.has(next)) files.push(next);
    for (const imported of program.importsOf(next)) {
      if (!seen.has(imported)) {
        seen.add(imported);
        queue.push(imported);
      }
    }
  }
  for (const global of globalEdits) if (!files.includes(global)) files.push(global);
  return files.flatMap((f) => edits.get(f)!.keptSites.map((site) => ({ file: f, site })));
}

/**
 * The one candidate whose revert (with those before it) makes the diagnostic go: the shortest
 * prefix of the candidates that fixes it ends with a culprit. Undefined when reverting them all
 * does not fix it. Each step checks the diagnostic's file alone, in a program made from the last one.
 */
function bisect(program: CheckedProgram, edits: ReadonlyMap<string, FileEdits>, candidates: readonly Candidate[], d: Diagnostic, before: ReadonlyMap<string, number>): Candidate | undefined {
  const revertFirst = (count: number): void => {
    candidates.forEach((c, i) => (i < count ? edits.get(c.file)!.revert(c.site) : edits.get(c.file)!.restore(c.site)));
    for (const file of new Set(candidates.map((c) => c.file))) program.setText(file, edits.get(file)!.text());
  };
  const stillThere = (): boolean => (keyCounts(program.diagnosticsOf(d.file)).get(keyOf(d)) ?? 0) > (before.get(keyOf(d)) ?? 0);
  revertFirst(candidates.length);
  let culprit: Candidate | undefined;
  if (!stillThere()) {
    let low = 1;
    let high = candidates.length;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      revertFirst(middle);
      if (stillThere()) low = middle + 1;
      else high = middle;
    }
    culprit = candidates[low - 1];
  }
  revertFirst(0);
  return culprit;
}

/** `src/a.ts:3:14 (TS2339: ...)`, relative to the working directory. */
function describe(program: CheckedProgram, d: Diagnostic): string {
  return `${path.relative(process.cwd(), d.file) || d.file}:${program.lineAndColumn(d.file, d.start)} (${quoteDiagnostic(d)})`;
}

/** The outcome with its reverted sites manual and its text re-made from the kept edits. */
function withReverts(outcome: FileOutcome, fileEdits: FileEdits | undefined, reverted: ReadonlyMap<number, string> | undefined): FileOutcome {
  if (!fileEdits || !reverted || reverted.size === 0) return outcome;
  const sites: Site[] = outcome.sites.map((site, i) => (reverted.has(i) ? { ...site, status: 'manual', reason: reverted.get(i)! } : site));
  if (fileEdits.isFullyReverted) {
    const { newText: _none, edits: _gone, ...rest } = outcome;
    // The import was this run's own edit, or the file had it already.
    const importAdded = outcome.edits?.some((edit) => edit.site === undefined) ?? false;
    return { ...rest, sites, status: 'unchanged', importsStandard: importAdded ? false : outcome.importsStandard };
  }
  return { ...outcome, sites, newText: fileEdits.text() };
}

function resultOf(
  before: ReadonlyMap<string, number>,
  after: readonly Diagnostic[],
  outcomes: readonly FileOutcome[],
  reasons: ReadonlyMap<string, ReadonlyMap<number, string>>,
  wholeFiles: ReadonlyMap<string, string[]>,
): Omit<VerifyResult, 'filesChecked'> {
  const byAbsolute = new Map(outcomes.map((o) => [o.absolute, o]));
  const revertedSites: RevertedSite[] = [];
  for (const [file, sites] of reasons) {
    const outcome = byAbsolute.get(file)!;
    for (const [index, reason] of [...sites].sort(([a], [b]) => a - b)) {
      const site = outcome.sites[index]!;
      revertedSites.push({ file: outcome.file, line: site.line, column: site.column, transform: site.transform, reason });
    }
  }
  return {
    diagnosticsBefore: [...before.values()].reduce((n, count) => n + count, 0),
    diagnosticsAfter: after.length,
    revertedSites,
    rolledBack: [...wholeFiles].map(([file, diagnostics]) => ({ file: byAbsolute.get(file)!.file, diagnostics })),
  };
}
