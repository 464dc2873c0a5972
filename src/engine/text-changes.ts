/**
 * Text changes collected per file and applied once, in the manner of the TypeScript language
 * service's `textChanges.ChangeTracker`: transforms never re-print the AST, they describe edits
 * against the original text, and every byte outside those edits stays as it was.
 */

/** Replace `[start, end)` of the original text with `text`; `start === end` is an insertion. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * A change plus the span of the syntax node that asked for it. Insertions that share a position
 * are ordered by their owners, so that nested rewrites compose: wrapping `a!` inside `a!.b!` gives
 * `must(must(a, 'a').b, 'a.b')`, the outer node's opening text first and its closing text last.
 */
export interface OwnedChange extends TextChange {
  readonly ownerStart: number;
  readonly ownerEnd: number;
}

function overlaps(a: TextChange, b: TextChange): boolean {
  if (a.start === a.end && b.start === b.end) return false;
  if (a.start === a.end) return b.start < a.start && a.start < b.end;
  if (b.start === b.end) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** The order changes apply in (exported for mapping positions between the original and the result). */
export function compareChanges(a: OwnedChange, b: OwnedChange): number {
  if (a.start !== b.start) return a.start - b.start;
  const aInsert = a.start === a.end;
  const bInsert = b.start === b.end;
  // At one position an insertion goes before the replacement that starts there.
  if (aInsert !== bInsert) return aInsert ? -1 : 1;
  if (!aInsert) return 0;
  // Closing text (of an owner ending here), then text of no owner (the import, text put before or
  // after a node), then opening text (of an owner starting here): `x!;` at offset 0 becomes the
  // import followed by `must(x, 'x');`, never `must(` followed by the import.
  const aRank = insertionRank(a);
  const bRank = insertionRank(b);
  if (aRank !== bRank) return aRank - bRank;
  // Closers: inner (later start) first. Openers: outer (later end) first.
  if (aRank === CLOSES) return b.ownerStart - a.ownerStart;
  return aRank === OPENS ? b.ownerEnd - a.ownerEnd : 0;
}

const CLOSES = 0;
const STANDALONE = 1;
const OPENS = 2;

function insertionRank(change: OwnedChange): number {
  if (change.ownerStart === change.ownerEnd) return STANDALONE;
  return change.ownerEnd === change.start ? CLOSES : OPENS;
}

export class ChangeTracker {
  private readonly changes: OwnedChange[] = [];

  get isEmpty(): boolean {
    return this.changes.length === 0;
  }

  /**
   * Takes every change of one site, or none of them when any would overlap a change already taken:
   * a site is migrated whole or left alone, never half-edited.
   */
  tryAddAll(site: readonly OwnedChange[]): boolean {
    for (const change of site) {
      if (change.start > change.end) throw new RangeError(`change ends before it starts: ${change.start}..${change.end}`);
      if (this.changes.some((taken) => overlaps(taken, change))) return false;
    }
    for (let i = 0; i < site.length; i++) {
      for (let j = i + 1; j < site.length; j++) {
        if (overlaps(site[i]!, site[j]!)) throw new RangeError('a site proposed overlapping changes');
      }
    }
    this.changes.push(...site);
    return true;
  }

  /** The text after every change, applied once against the original. */
  apply(original: string): string {
    const sorted = [...this.changes].sort(compareChanges);
    let result = '';
    let cursor = 0;
    for (const change of sorted) {
      result += original.slice(cursor, change.start) + change.text;
      cursor = Math.max(cursor, change.end);
    }
    return result + original.slice(cursor);
  }
}
