import { UserError } from '../engine/user-error.js';
import { mergeCompliance } from '../compliance/evaluate.js';
import type { MigrationReport } from './model.js';

/** The order the engine lists things in: files and modules by path, compared as plain strings. */
const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sums two summaries (or any objects of numbers): shards cover disjoint modules, so every count adds up. */
function sum(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    return Object.fromEntries(keys.map((key) => [key, key in left && key in right ? sum(left[key], right[key]) : (left[key] ?? right[key])]));
  }
  return a;
}

/** Lists of sites and files: joined, then put in path order; within a file the shard's own order stays (the sort is stable). */
function joinByFile<T>(lists: ReadonlyArray<readonly T[]>): T[] {
  const key = (item: T): string => (typeof item === 'string' ? item : ((item as { file?: string; name?: string }).file ?? (item as { name?: string }).name ?? ''));
  return lists.flat().sort((a, b) => byPath(key(a), key(b)));
}

/**
 * `report --merge`: joins the JSON reports of `--shard k/n` runs into the report an unsharded run
 * writes. Shards hold whole, disjoint modules, so counts add up and lists interleave by path.
 */
export function mergeReports(reports: readonly MigrationReport[], sources: readonly string[]): MigrationReport {
  const [first] = reports;
  if (!first) throw new UserError('report --merge needs at least one JSON report.');
  reports.forEach((report, i) => {
    if (report.version !== 1 || report.root !== first.root || report.command !== first.command || report.transforms.join() !== first.transforms.join()) {
      throw new UserError(`${sources[i]}: not a shard of the same run as ${sources[0]} (version, root, command and transforms must match).`);
    }
  });
  const modules = joinByFile(reports.map((r) => r.modules));
  const names = modules.map((m) => m.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new UserError(`module ${duplicate} is in more than one report: the reports are not shards of one run.`);

  const merged: Record<string, unknown> = { ...first };
  for (const [key, value] of Object.entries(first)) {
    // Every shard discovers the same files before taking its share: what the defaults skipped is listed once.
    if (Array.isArray(value) && key !== 'transforms' && key !== 'skippedByDefault') merged[key] = joinByFile(reports.map((r) => (r as unknown as Record<string, unknown[]>)[key] ?? []));
  }
  const validations = reports.map((r) => r.buildValidation).filter((v) => v !== null);
  const progress = reports.map((r) => r.progress).filter((p) => p !== null);
  return {
    ...(merged as unknown as MigrationReport),
    generatedAt: reports.map((r) => r.generatedAt).sort(byPath).at(-1)!,
    wallTimeMs: Math.max(...reports.map((r) => r.wallTimeMs)),
    summary: mergeSummaries(reports.map((r) => r.summary)),
    modules,
    buildValidation:
      validations.length === 0
        ? null
        : {
            diagnosticsBefore: validations.reduce((n, v) => n + v.diagnosticsBefore, 0),
            diagnosticsAfter: validations.reduce((n, v) => n + v.diagnosticsAfter, 0),
            rolledBack: joinByFile(validations.map((v) => v.rolledBack)),
          },
    progress: progress.length === 0 ? null : { since: progress[0]!.since, modules: joinByFile(progress.map((p) => p.modules)) },
    compliance: mergeCompliance(reports.map((r) => r.compliance)),
  };
}

function mergeSummaries(summaries: ReadonlyArray<MigrationReport['summary']>): MigrationReport['summary'] {
  const total = summaries.reduce((a, b) => sum(a, b) as MigrationReport['summary']);
  // Site counts are listed by transform id, as a single run lists them.
  const sites = Object.fromEntries(Object.entries(total.sites).sort(([a], [b]) => a.localeCompare(b)));
  return { ...total, sites };
}
