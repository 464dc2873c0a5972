import { describe, expect, it } from 'vitest';
import { ChangeTracker, type OwnedChange } from '../src/engine/text-changes.js';

/** A change without an owner (the import, text inserted before or after a node). */
const at = (start: number, end: number, text: string): OwnedChange => ({ start, end, text, ownerStart: start, ownerEnd: end });
/** A change made for the node spanning `[ownerStart, ownerEnd)`, such as `must(` ... `, 'x')` around `x!`. */
const owned = (start: number, end: number, text: string, ownerStart: number, ownerEnd: number): OwnedChange => ({ start, end, text, ownerStart, ownerEnd });

function applied(original: string, ...sites: OwnedChange[][]): string {
  const tracker = new ChangeTracker();
  for (const site of sites) expect(tracker.tryAddAll(site)).toBe(true);
  return tracker.apply(original);
}

const IMPORT = at(0, 0, "import { must } from './errors';\n\n");

describe('ChangeTracker: changes at one position', () => {
  it('puts an insertion before a node that starts at the same position, whichever came first', () => {
    // `x!;` at the very start of a file: the import and the opening `must(` both go at offset 0.
    const mustX = [owned(0, 0, 'must(', 0, 2), owned(1, 2, ", 'x')", 0, 2)];
    const expected = "import { must } from './errors';\n\nmust(x, 'x');";
    expect(applied('x!;', mustX, [IMPORT])).toBe(expected);
    expect(applied('x!;', [IMPORT], mustX)).toBe(expected);
  });

  it('applies an insertion and a replacement that starts at the same position, the insertion first', () => {
    // `(x)!.y;`: the parentheses are replaced by the call's own.
    const mustX = [owned(0, 1, 'must(', 0, 4), owned(2, 4, ", 'x')", 0, 4)];
    const expected = "import { must } from './errors';\n\nmust(x, 'x').y;";
    expect(applied('(x)!.y;', mustX, [IMPORT])).toBe(expected);
    expect(applied('(x)!.y;', [IMPORT], mustX)).toBe(expected);
  });

  it('puts an insertion after a node that ends at the same position', () => {
    const wrapped = [owned(0, 0, 'f(', 0, 1), owned(1, 1, ')', 0, 1)];
    expect(applied('a', wrapped, [at(1, 1, ';')])).toBe('f(a);');
    expect(applied('a', [at(1, 1, ';')], wrapped)).toBe('f(a);');
  });

  it('still nests wrappers that share a position: the outer opens first and closes last', () => {
    // `a!.b!`: the inner `a!` spans [0, 2), the outer [0, 5).
    const inner = [owned(0, 0, 'must(', 0, 2), owned(1, 2, ", 'a')", 0, 2)];
    const outer = [owned(0, 0, 'must(', 0, 5), owned(4, 5, ", 'a.b')", 0, 5)];
    expect(applied('a!.b!', inner, outer)).toBe("must(must(a, 'a').b, 'a.b')");
    expect(applied('a!.b!', outer, inner)).toBe("must(must(a, 'a').b, 'a.b')");
  });
});
