import type { ChalkInstance } from 'chalk';
import type { FileOutcome } from '../engine/session.js';

/** One line per skipped file: never written, named, with what to do. */
export function skippedLines(outcomes: readonly FileOutcome[], color: ChalkInstance): string {
  return outcomes
    .filter((o) => o.status === 'skipped')
    .map((o) => `${color.yellow('skipped')} ${o.file}: ${o.skipReason}\n`)
    .join('');
}

/** "40 non-null, 3 async-call" over the fixable sites of the given outcomes. */
export function siteCounts(outcomes: readonly FileOutcome[]): string {
  const counts = new Map<string, number>();
  for (const site of outcomes.flatMap((o) => o.sites)) {
    if (site.status === 'fixable') counts.set(site.transform, (counts.get(site.transform) ?? 0) + 1);
  }
  return [...counts].map(([id, n]) => `${n} ${id}`).join(', ') || 'no sites';
}

export function countWhere(outcomes: readonly FileOutcome[], status: 'manual' | 'ignored'): number {
  return outcomes.reduce((n, o) => n + o.sites.filter((s) => s.status === status).length, 0);
}

/** Warnings about opt-outs: without a reason (not honoured), or matching nothing (stale). */
export function directiveLines(outcomes: readonly FileOutcome[], color: ChalkInstance): string {
  return outcomes
    .flatMap((o) => [
      ...o.unreasonedDirectives.map((d) => `${color.yellow('opt-out')} ${o.file}:${d.line}: has no reason, so it is not honoured; add \`-- <why>\` to it\n`),
      ...o.unusedDirectives.map((d) => `${color.yellow('opt-out')} ${o.file}:${d.line}: matches no site any more; remove it\n`),
    ])
    .join('');
}
