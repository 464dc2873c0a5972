import type { SkippedByDefault } from '../discovery/default-skips.js';
import { evaluateCompliance } from '../compliance/evaluate.js';
import { DEFAULT_COMPLIANCE, type ComplianceReport, type ComplianceSettings } from '../compliance/types.js';
import type { FileOutcome } from '../engine/session.js';
import type { Site } from '../engine/site.js';

/** The JSON report (`migration-report.json`); the Markdown is rendered from it alone. */
export interface MigrationReport {
  readonly version: 1;
  readonly tool: { readonly name: 'migrate-errors'; readonly version: string };
  /** `run` wrote the edits; `dry-run`, `check` and `report` describe what `run` would do. */
  readonly command: 'run' | 'dry-run' | 'check' | 'report';
  readonly root: string;
  readonly generatedAt: string;
  readonly wallTimeMs: number;
  readonly transforms: readonly string[];
  readonly summary: ReportSummary;
  readonly modules: readonly ModuleReport[];
  readonly modulesNotRequiringMigration: readonly string[];
  readonly protected: readonly ProtectedSite[];
  readonly manual: readonly ListedSite[];
  readonly ignored: readonly ListedSite[];
  /** What transforms found and deliberately left as it is (the code base's own Error classes); not findings. */
  readonly kept: ReadonlyArray<{ readonly module: string; readonly transform: string; readonly file: string; readonly line: number; readonly message: string }>;
  readonly skipped: ReadonlyArray<{ readonly file: string; readonly reason: string }>;
  /** Files of the project that the default file set leaves out (tests, tooling, generated code), per rule. */
  readonly skippedByDefault: readonly SkippedByDefault[];
  /** Files with edits that were not written: declined in `run --interactive`, or the write failed. */
  readonly notWritten: readonly string[];
  readonly staleDirectives: ReadonlyArray<{ readonly file: string; readonly line: number }>;
  readonly buildValidation: BuildValidation | null;
  readonly progress: Progress | null;
  /** The project's rules, each with its status and evidence, project-wide and per module. */
  readonly compliance: ComplianceReport | null;
  /** Test files that pin a converted error by its old shape (absent in older reports). */
  readonly testsToUpdate?: readonly TestToUpdate[];
}

/** A test line that compares a converted error whole (`toStrictEqual(new Error('text'))`), and the one-line change. */
export interface TestToUpdate {
  readonly file: string;
  readonly line: number;
  /** The converted throw or sentinel with that text. */
  readonly site: { readonly file: string; readonly line: number };
  readonly change: { readonly from: string; readonly to: string };
}

export interface ReportSummary {
  readonly filesScanned: number;
  readonly filesMigrated: number;
  readonly filesSkipped: number;
  readonly modules: { readonly complete: number; readonly total: number };
  /** Sites migrated (or to migrate), by transform id. */
  readonly sites: Readonly<Record<string, number>>;
  readonly asyncSitesProtected: number;
  readonly timersWrapped: number;
  readonly sentinelsConverted: number;
  readonly typedThrows: number;
  readonly nonNullReplaced: number;
  readonly errorContextsAdded: number;
  readonly filesWithStandardImport: number;
  readonly manualSites: number;
  readonly ignoredSites: number;
}

export interface ModuleReport {
  readonly name: string;
  readonly files: { readonly total: number; readonly migrated: number; readonly compliant: number };
  readonly percentComplete: number;
  readonly sites: Readonly<Record<string, number>>;
  readonly manualSites: number;
  readonly ignoredSites: number;
  readonly migratedFiles: readonly string[];
}

export interface ProtectedSite {
  readonly module: string;
  readonly transform: string;
  readonly contextName: string;
  readonly file: string;
  readonly line: number;
}

export interface ListedSite {
  readonly module: string;
  readonly transform: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly reason: string;
}

export interface BuildValidation {
  /** Whether `run` type-checked before and after (false with `--no-verify`; absent in older reports: true). */
  readonly typeChecked?: boolean;
  /** The files the edits can affect (the edited ones, and those that see their declarations change): the counts are of these. */
  readonly filesChecked?: number;
  readonly diagnosticsBefore: number;
  readonly diagnosticsAfter: number;
  /** Files whose edits were all undone because no single site could be blamed. */
  readonly rolledBack: ReadonlyArray<{ readonly file: string; readonly diagnostics: readonly string[] }>;
  /** Sites whose edit added a type error: reverted, and listed as manual with the reason. */
  readonly revertedSites?: ReadonlyArray<{ readonly file: string; readonly line: number; readonly column: number; readonly transform: string; readonly reason: string }>;
  /** `run --test`: the project's own tests before and after, and the modules rolled back by bisection. */
  readonly tests?: TestValidation;
}

export interface TestValidation {
  readonly command: string;
  /** Where the tests' own output went, relative to the root. */
  readonly log: string;
  readonly runs: ReadonlyArray<{ readonly kind: 'before' | 'after' | 'bisect' | 'confirm'; readonly rolledBack: readonly string[]; readonly passed: boolean; readonly ms: number }>;
  readonly passedBefore: boolean;
  /** Whether the tests pass on what `run` left (after any rollback). */
  readonly passedAfter: boolean;
  readonly modulesRolledBack: ReadonlyArray<{ readonly module: string; readonly files: readonly string[]; readonly outputTail: string }>;
}

export interface Progress {
  readonly since: string;
  readonly modules: ReadonlyArray<{ readonly name: string; readonly before: number | null; readonly after: number }>;
}

export interface ReportInput {
  readonly command: MigrationReport['command'];
  readonly toolVersion: string;
  readonly root: string;
  readonly transforms: readonly string[];
  readonly outcomes: readonly FileOutcome[];
  /** Every module name, including those whose files all were skipped. */
  readonly modules: readonly string[];
  readonly wallTimeMs: number;
  readonly previous?: MigrationReport | undefined;
  readonly buildValidation?: BuildValidation | undefined;
  /** The config's compliance rules (default: the built-in rules with their defaults). */
  readonly compliance?: ComplianceSettings | undefined;
  readonly skippedByDefault?: readonly SkippedByDefault[] | undefined;
  readonly testsToUpdate?: readonly TestToUpdate[] | undefined;
  readonly now?: Date;
}

/** Summary counters named after the transforms they count (SPEC section 5). */
const COUNTER_FOR: Record<string, keyof ReportSummary> = {
  'async-call': 'asyncSitesProtected',
  timer: 'timersWrapped',
  sentinel: 'sentinelsConverted',
  'typed-throw': 'typedThrows',
  'non-null': 'nonNullReplaced',
  'error-context': 'errorContextsAdded',
};

const countBy = (sites: readonly Site[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const site of sites) counts[site.transform] = (counts[site.transform] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
};

const isMigrated = (outcome: FileOutcome): boolean => outcome.status === 'changed' && !outcome.declined;

const percent = (part: number, total: number): number => (total === 0 ? 100 : Math.floor((part / total) * 1000) / 10);

/**
 * A file is done when nothing in it is left unmigrated. After `run` (or as `--dry-run` would
 * leave it) only manual sites remain; `check` and `report` describe the code as it is now.
 */
function completeness(command: MigrationReport['command']): (outcome: FileOutcome) => boolean {
  const applied = command === 'run' || command === 'dry-run';
  return (outcome) =>
    outcome.status !== 'skipped' &&
    !outcome.sites.some((s) => s.status === 'manual' || ((!applied || outcome.declined === true) && s.status === 'fixable'));
}

export function buildReport(input: ReportInput): MigrationReport {
  const { outcomes } = input;
  const isComplete = completeness(input.command);
  const allSites = outcomes.flatMap((o) => o.sites);
  const fixable = allSites.filter((s) => s.status === 'fixable');
  const listed = (status: Site['status']): ListedSite[] =>
    allSites
      .filter((s) => s.status === status)
      .map(({ module, transform, file, line, column, message, reason }) => ({ module, transform, file, line, column, message, reason: reason ?? '' }));

  // Grouped once: filtering every outcome for every module grows with modules x files.
  const outcomesByModule = new Map<string, FileOutcome[]>();
  for (const outcome of outcomes) {
    const list = outcomesByModule.get(outcome.module);
    if (list) list.push(outcome);
    else outcomesByModule.set(outcome.module, [outcome]);
  }
  const modules: ModuleReport[] = input.modules.map((name) => {
    const files = outcomesByModule.get(name) ?? [];
    const sites = files.flatMap((o) => o.sites);
    const migrated = files.filter(isMigrated);
    return {
      name,
      files: { total: files.length, migrated: migrated.length, compliant: files.filter((o) => o.status === 'unchanged' && isComplete(o)).length },
      percentComplete: percent(files.filter(isComplete).length, files.length),
      sites: countBy(sites.filter((s) => s.status === 'fixable')),
      manualSites: sites.filter((s) => s.status === 'manual').length,
      ignoredSites: sites.filter((s) => s.status === 'ignored').length,
      migratedFiles: migrated.map((o) => o.file),
    };
  });

  const sites = countBy(fixable);
  const counters = Object.fromEntries(Object.values(COUNTER_FOR).map((key) => [key, 0])) as Record<string, number>;
  for (const [id, count] of Object.entries(sites)) {
    const key = COUNTER_FOR[id];
    if (key) counters[key] = count;
  }

  const summary: ReportSummary = {
    filesScanned: outcomes.length,
    filesMigrated: outcomes.filter(isMigrated).length,
    filesSkipped: outcomes.filter((o) => o.status === 'skipped').length,
    modules: { complete: modules.filter((m) => m.percentComplete === 100).length, total: modules.length },
    sites,
    asyncSitesProtected: counters.asyncSitesProtected ?? 0,
    timersWrapped: counters.timersWrapped ?? 0,
    sentinelsConverted: counters.sentinelsConverted ?? 0,
    typedThrows: counters.typedThrows ?? 0,
    nonNullReplaced: counters.nonNullReplaced ?? 0,
    errorContextsAdded: counters.errorContextsAdded ?? 0,
    filesWithStandardImport: outcomes.filter((o) => o.importsStandard).length,
    manualSites: allSites.filter((s) => s.status === 'manual').length,
    ignoredSites: allSites.filter((s) => s.status === 'ignored').length,
  };

  return {
    version: 1,
    tool: { name: 'migrate-errors', version: input.toolVersion },
    command: input.command,
    root: input.root,
    generatedAt: (input.now ?? new Date()).toISOString(),
    wallTimeMs: Math.round(input.wallTimeMs),
    transforms: input.transforms,
    summary,
    modules,
    modulesNotRequiringMigration: modules.filter((m) => m.files.total > 0 && m.files.compliant === m.files.total).map((m) => m.name),
    protected: fixable
      .filter((s) => s.contextName !== undefined)
      .map((s) => ({ module: s.module, transform: s.transform, contextName: s.contextName!, file: s.file, line: s.line })),
    manual: listed('manual'),
    ignored: listed('ignored'),
    kept: outcomes.flatMap((o) => o.notes ?? []).map(({ module, transform, file, line, message }) => ({ module, transform, file, line, message })),
    skipped: outcomes.filter((o) => o.status === 'skipped').map((o) => ({ file: o.file, reason: o.skipReason ?? '' })),
    skippedByDefault: input.skippedByDefault ?? [],
    notWritten: outcomes.filter((o) => o.declined).map((o) => o.file),
    staleDirectives: outcomes.flatMap((o) => o.unusedDirectives.map((d) => ({ file: o.file, line: d.line }))),
    buildValidation: input.buildValidation ?? null,
    progress: input.previous ? progressSince(input.previous, modules) : null,
    compliance: evaluateCompliance({
      files: outcomes,
      modules: input.modules,
      transforms: input.transforms,
      applied: input.command === 'run' || input.command === 'dry-run',
      settings: input.compliance ?? DEFAULT_COMPLIANCE,
      previous: input.previous ? (input.previous.compliance ?? undefined) : undefined,
    }),
    testsToUpdate: input.testsToUpdate ?? [],
  };
}

function progressSince(previous: MigrationReport, modules: readonly ModuleReport[]): Progress {
  const before = new Map(previous.modules.map((m) => [m.name, m.percentComplete]));
  return {
    since: previous.generatedAt,
    modules: modules.map((m) => ({ name: m.name, before: before.get(m.name) ?? null, after: m.percentComplete })),
  };
}
