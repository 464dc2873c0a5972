import { ChangeTracker, compareChanges } from '../text-changes.js';
import type { SiteEdit } from '../migrate-file.js';
import { withoutImportedNames } from './unused-imports.js';

/** Where one site's edit sits in the migrated text, and where it came from in the original. */
export interface PlacedEdit {
  readonly site: number | undefined;
  /** In the migrated text. */
  readonly start: number;
  readonly end: number;
  /** In the original text. */
  readonly originalStart: number;
  readonly originalEnd: number;
}

/**
 * A changed file's edits, site by site, with some of them reverted. Each site's changes were
 * taken only when they overlapped no other site's, so any subset of them applies to the original
 * text on its own: reverting the inner `a!` of `a!.b!` leaves `must(a!.b, 'a.b')`, and reverting
 * the outer one leaves `must(a, 'a').b!`. The import (a supporting edit) stays while any site
 * does.
 */
export class FileEdits {
  private readonly reverted = new Set<number>();

  constructor(
    readonly original: string,
    private readonly edits: readonly SiteEdit[],
  ) {}

  /** Indexes (into the file's sites) of the sites whose edits are still applied. */
  get keptSites(): number[] {
    return this.edits.flatMap((edit) => (edit.site !== undefined && !this.reverted.has(edit.site) ? [edit.site] : []));
  }

  get isFullyReverted(): boolean {
    return this.keptSites.length === 0;
  }

  revert(site: number): void {
    this.reverted.add(site);
  }

  restore(site: number): void {
    this.reverted.delete(site);
  }

  revertAll(): void {
    for (const site of this.keptSites) this.reverted.add(site);
  }

  /** The original text with the kept sites' edits (and, while any is kept, the supporting ones). */
  text(): string {
    const kept = this.keptEdits();
    if (kept.length === 0) return this.original;
    const tracker = new ChangeTracker();
    for (const edit of kept) tracker.tryAddAll(edit.changes);
    return tracker.apply(this.original);
  }

  /** Each kept edit's span in the migrated text (what `text()` returns) and in the original. */
  placed(): PlacedEdit[] {
    const kept = this.keptEdits();
    const all = kept.flatMap((edit) => edit.changes.map((change) => ({ site: edit.site, change })));
    all.sort((a, b) => compareChanges(a.change, b.change));
    const spans = new Map<number | undefined, { start: number; end: number; originalStart: number; originalEnd: number }>();
    let delta = 0;
    for (const { site, change } of all) {
      const start = change.start + delta;
      const end = start + change.text.length;
      delta += change.text.length - (change.end - change.start);
      const span = spans.get(site);
      if (span) {
        span.start = Math.min(span.start, start);
        span.end = Math.max(span.end, end);
        span.originalStart = Math.min(span.originalStart, change.start);
        span.originalEnd = Math.max(span.originalEnd, change.end);
      } else spans.set(site, { start, end, originalStart: change.start, originalEnd: change.end });
    }
    return [...spans].map(([site, span]) => ({ site, ...span }));
  }

  /** A position in the migrated text mapped back to the original (inside an edit: the edit's end). */
  toOriginal(position: number): number {
    const kept = this.keptEdits().flatMap((edit) => edit.changes);
    const sorted = [...kept].sort(compareChanges);
    let delta = 0;
    for (const change of sorted) {
      const start = change.start + delta;
      if (position < start) break;
      if (position <= start + change.text.length) return change.end;
      delta += change.text.length - (change.end - change.start);
    }
    return position - delta;
  }

  /** The kept sites' edits, and the supporting ones without the names only reverted sites used. */
  private keptEdits(): SiteEdit[] {
    const kept = this.edits.filter((edit) => edit.site !== undefined && !this.reverted.has(edit.site));
    if (kept.length === 0) return [];
    const used = new Set(kept.flatMap((edit) => edit.names ?? []));
    const unused = new Set(this.edits.flatMap((edit) => (edit.site !== undefined && this.reverted.has(edit.site) ? (edit.names ?? []) : [])).filter((name) => !used.has(name)));
    return this.edits.flatMap((edit) => {
      if (edit.site !== undefined) return this.reverted.has(edit.site) ? [] : [edit];
      return [{ ...edit, changes: edit.changes.map((change) => ({ ...change, text: withoutImportedNames(change.text, unused) })) }];
    });
  }
}
