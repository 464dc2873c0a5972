import type { AnalysedFile, RuleEvaluation } from './rule.js';
import { changeOf, evidenceOf } from './evidence.js';
import { evaluateMaxFileLines, MAX_FILE_LINES } from './rules/max-file-lines.js';
import { evaluateStandardImport, STANDARD_IMPORT } from './rules/standard-import.js';
import { evaluateStandardRule, STANDARD_RULES } from './rules/standard-rules.js';
import { evaluateTeamRule } from './rules/team-rules.js';
import { LINE_COUNTING, type AcceptedException, type ComplianceReport, type ComplianceSettings, type ListedViolation, type RuleResult } from './types.js';

export interface ComplianceInput {
  readonly files: readonly AnalysedFile[];
  /** Every module name, in the report's order. */
  readonly modules: readonly string[];
  /** The transforms that ran: each has its rule of the standard. */
  readonly transforms: readonly string[];
  /** The report describes the code as `run` leaves it (see `evaluateStandardRule`). */
  readonly applied: boolean;
  readonly settings: ComplianceSettings;
  /** The previous report's section, for the change since then. */
  readonly previous?: ComplianceReport | undefined;
}

type Definition = Pick<RuleResult, 'id' | 'description' | 'origin' | 'fail' | 'limit' | 'mode' | 'pattern'> & {
  readonly evaluate: (files: readonly AnalysedFile[]) => RuleEvaluation;
};

function definitions(input: ComplianceInput): Definition[] {
  const { settings } = input;
  const byFile = new Map(input.files.map((f) => [f.file, f]));
  const importsStandard = (file: string): boolean | undefined => {
    const outcome = byFile.get(file);
    if (!outcome) return undefined;
    const migrated = input.applied && outcome.status === 'changed' && outcome.declined !== true;
    return migrated ? outcome.importsStandard : outcome.facts?.standardImported;
  };
  return [
    ...STANDARD_RULES.filter((rule) => input.transforms.includes(rule.transform)).map(
      (rule): Definition => ({ id: rule.id, description: rule.description, origin: 'standard', fail: true, evaluate: (files) => evaluateStandardRule(files, rule, input.applied) }),
    ),
    ...(settings.maxFileLines.enabled
      ? [
          {
            id: MAX_FILE_LINES.id,
            description: MAX_FILE_LINES.description(settings.maxFileLines.limit),
            origin: 'built-in',
            fail: settings.maxFileLines.fail,
            limit: settings.maxFileLines.limit,
            evaluate: (files) => evaluateMaxFileLines(files, settings.maxFileLines.limit),
          } satisfies Definition,
        ]
      : []),
    ...(settings.standardImport.enabled
      ? [{ ...STANDARD_IMPORT, origin: 'built-in', fail: settings.standardImport.fail, evaluate: (files) => evaluateStandardImport(files, importsStandard) } satisfies Definition]
      : []),
    ...settings.rules.map(
      (rule): Definition => ({ id: rule.id, description: rule.description, origin: 'team', fail: rule.fail, mode: rule.mode, pattern: rule.written, evaluate: (files) => evaluateTeamRule(files, rule) }),
    ),
  ];
}

/** A rule's row: its numbers, their words, and the change since `before` (undefined: no previous report). */
function row(definition: Omit<Definition, 'evaluate'>, numbers: Omit<RuleEvaluation, 'listed' | 'accepted'>, before: RuleResult['before']): RuleResult {
  const { id, description, origin, fail, limit, mode, pattern } = definition;
  const fields = {
    id,
    description,
    origin,
    fail,
    violations: numbers.violations,
    checked: numbers.checked,
    unit: numbers.unit,
    exceptions: numbers.exceptions,
    ...(limit !== undefined ? { limit } : {}),
    ...(numbers.largest !== undefined ? { largest: numbers.largest } : {}),
    ...(mode !== undefined ? { mode } : {}),
    ...(pattern !== undefined ? { pattern } : {}),
  };
  return {
    ...fields,
    status: numbers.violations === 0 ? 'compliant' : 'violations',
    evidence: evidenceOf(fields),
    ...(before !== undefined ? { before, change: changeOf(fields, before) } : {}),
  };
}

const beforeOf = (previous: readonly RuleResult[] | undefined, id: string): RuleResult['before'] => {
  if (!previous) return undefined;
  const rule = previous.find((r) => r.id === id);
  return rule ? { violations: rule.violations, ...(rule.largest ? { largest: rule.largest.lines } : {}) } : null;
};

/** The report's `compliance` section: each rule per module, then project-wide (the sum of the modules). */
export function evaluateCompliance(input: ComplianceInput): ComplianceReport {
  const rules = definitions(input);
  const filesByModule = new Map<string, AnalysedFile[]>();
  for (const file of input.files) {
    const list = filesByModule.get(file.module);
    if (list) list.push(file);
    else filesByModule.set(file.module, [file]);
  }
  const previousModules = new Map(input.previous?.modules.map((m) => [m.name, m.rules]));
  const violations: ListedViolation[] = [];
  const exceptions: AcceptedException[] = [];
  const modules = input.modules.map((name) => {
    const files = filesByModule.get(name) ?? [];
    const previous = input.previous ? (previousModules.get(name) ?? []) : undefined;
    return {
      name,
      rules: rules.map((rule) => {
        const { listed, accepted, ...numbers } = rule.evaluate(files);
        violations.push(...listed);
        exceptions.push(...accepted);
        return row(rule, numbers, beforeOf(previous, rule.id));
      }),
    };
  });
  return { lineCounting: LINE_COUNTING, rules: projectRules(modules), modules, violations: inPlaceOrder(violations), exceptions: inPlaceOrder(exceptions) };
}

/**
 * Project-wide rows from the module rows: counts add up, the largest file is the largest of
 * the modules'. Merged shard reports get theirs the same way, so both agree.
 */
export function projectRules(modules: ComplianceReport['modules']): RuleResult[] {
  const [first] = modules;
  if (!first) return [];
  return first.rules.map((rule, i) => {
    const rows = modules.map((m) => m.rules[i]!);
    const sum = (pick: (r: RuleResult) => number): number => rows.reduce((n, r) => n + pick(r), 0);
    const largest = rule.largest === undefined ? undefined : rows.reduce<RuleResult['largest']>((max, r) => (r.largest && (!max || r.largest.lines > max.lines) ? r.largest : max), null);
    const befores = rows.map((r) => r.before);
    const known = befores.filter((b) => b !== undefined && b !== null);
    const before: RuleResult['before'] = befores.every((b) => b === undefined)
      ? undefined
      : known.length === 0
        ? null
        : {
            violations: known.reduce((n, b) => n + b.violations, 0),
            ...(known.some((b) => b.largest !== undefined) ? { largest: Math.max(...known.map((b) => b.largest ?? 0)) } : {}),
          };
    return row(rule, { violations: sum((r) => r.violations), checked: sum((r) => r.checked), unit: rule.unit, exceptions: sum((r) => r.exceptions), ...(largest !== undefined ? { largest } : {}) }, before);
  });
}

/** Files by path (compared as plain strings, as the engine lists them), then by line. */
export function inPlaceOrder<T extends { readonly file: string; readonly line: number; readonly rule: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
}

/** `report --merge`: shards hold whole modules, so their sections join and the project rows are summed again. */
export function mergeCompliance(sections: ReadonlyArray<ComplianceReport | null | undefined>): ComplianceReport | null {
  const present = sections.filter((s): s is ComplianceReport => Boolean(s));
  const [first] = present;
  if (!first) return null;
  const modules = present.flatMap((s) => s.modules).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    lineCounting: first.lineCounting,
    rules: projectRules(modules),
    modules,
    violations: inPlaceOrder(present.flatMap((s) => s.violations)),
    exceptions: inPlaceOrder(present.flatMap((s) => s.exceptions)),
  };
}
