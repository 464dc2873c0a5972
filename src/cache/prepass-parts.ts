import type { PartKind, PreparedPartStore } from '../engine/prepared-parts.js';
import type { TextDigests } from './hash.js';

/** The pre-pass parts of one file, as stored: the digest of the text they were found in, and the part of each transform (by id). */
export interface StoredParts {
  readonly text: string;
  readonly parts: Readonly<Record<string, unknown>>;
}

/** The parts of the files of the set and of the test files, by path relative to the root. */
export interface StoredPrepassParts {
  readonly files: Readonly<Record<string, StoredParts>>;
  readonly tests: Readonly<Record<string, StoredParts>>;
}

/** How many files' parts a run looked for, and how many of them it had to work out again. */
export interface PartsUse {
  readonly files: number;
  readonly computed: number;
}

const STORED_KIND = { file: 'files', test: 'tests' } as const;

/**
 * The parts of split pre-passes (`Transform.prepareByFile`) that an earlier run found: a part
 * stands while its file's text is the same, whatever else changed, so after an edit only the
 * edited files are scanned again and the project-wide result is combined from the parts.
 */
export class PrepassParts implements PreparedPartStore {
  /** What this run found or took over, by kind and path: what the next run gets. */
  private readonly current = { file: new Map<string, { text: string; parts: Record<string, unknown> }>(), test: new Map<string, { text: string; parts: Record<string, unknown> }>() };
  private readonly seen = new Set<string>();
  private readonly worked = new Set<string>();

  constructor(
    private readonly earlier: StoredPrepassParts | undefined,
    private readonly digests: TextDigests,
  ) {}

  known(transform: string, kind: PartKind, file: string, text: string): { readonly part: unknown } | undefined {
    this.seen.add(`${kind}:${file}`);
    const textDigest = this.digests.of(text);
    const current = this.current[kind].get(file);
    if (current?.text === textDigest && Object.hasOwn(current.parts, transform)) return { part: current.parts[transform] };
    const stored = this.earlier?.[STORED_KIND[kind]][file];
    if (stored?.text !== textDigest || !Object.hasOwn(stored.parts, transform)) return undefined;
    this.keep(kind, file, textDigest, transform, stored.parts[transform]);
    return { part: stored.parts[transform] };
  }

  computed(transform: string, kind: PartKind, file: string, text: string, part: unknown): void {
    this.worked.add(`${kind}:${file}`);
    this.keep(kind, file, this.digests.of(text), transform, part);
  }

  /** Undefined when no split pre-pass asked for a part this run (it was reused whole, or there is none). */
  use(): PartsUse | undefined {
    return this.seen.size === 0 ? undefined : { files: this.seen.size, computed: this.worked.size };
  }

  /**
   * What to write: this run's parts when it looked for any (the files it did not look at are gone
   * from the set), the earlier ones when it did not.
   */
  stored(): StoredPrepassParts | undefined {
    if (this.seen.size === 0) return this.earlier;
    const record = (kind: PartKind): Record<string, StoredParts> => Object.fromEntries(this.current[kind]);
    return { files: record('file'), tests: record('test') };
  }

  private keep(kind: PartKind, file: string, textDigest: string, transform: string, part: unknown): void {
    let entry = this.current[kind].get(file);
    if (entry?.text !== textDigest) {
      // No prototype: a transform's id is the key.
      entry = { text: textDigest, parts: Object.create(null) as Record<string, unknown> };
      this.current[kind].set(file, entry);
    }
    entry.parts[transform] = part;
  }
}
