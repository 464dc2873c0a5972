import { existsSync, lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import { readSource } from '../engine/read-source.js';
import type { DecodeResult, SourceText } from '../engine/source-text.js';
import { UserError } from '../engine/user-error.js';

/** By file (relative to the root, `/`-separated): its stamp and the digest of its text. */
export type StoredStamps = Readonly<Record<string, readonly [stamp: string, digest: string]>>;

/**
 * A file changed within this long before it was read may change again within the same tick of
 * the file system's clock (two seconds on FAT) without its stamp showing it: its stamp is not kept.
 */
const SETTLED_MS = 2000;

/**
 * How a cached run reads the files it works on: a file whose stamp (size, modification and change
 * times, inode) is the one stored with its digest last time is not read; its digest stands for its
 * text, and the text is read only if the analysis needs it after all. This is what `git status`
 * and ESLint's `--cache-strategy metadata` trust. Every write changes the change time (no tool can
 * set it back), and a file changed shortly before it was read is never stamped (see `SETTLED_MS`).
 * Only files the run kept (read, decoded and not generated code) get a stamp.
 */
export class StampedReads {
  private readonly stored: StoredStamps;
  /** Files taken by their stamp this run, and files read whose stamp can be kept. */
  private readonly known = new Map<string, readonly [string, string]>();
  private readonly read = new Map<string, { readonly stamp: string; readonly source: SourceText }>();
  /** Every file this run asked for. */
  private readonly looked = new Set<string>();

  constructor(
    private readonly root: string,
    stored: unknown,
    /** See `SETTLED_MS` (tests shorten it). */
    private readonly settledMs = SETTLED_MS,
  ) {
    this.stored = isStoredStamps(stored) ? stored : {};
  }

  /** The file as `readSource` reads it, or, when its stamp is unchanged, a source that reads it only when its text is asked for. */
  readFile(absolute: string): DecodeResult {
    // Discovery's files are all under the root: cutting the prefix is what `path.relative` would do, at a fraction of the cost.
    const under = absolute.startsWith(this.root + path.sep);
    const relative = (under ? absolute.slice(this.root.length + 1) : path.relative(this.root, absolute)).split(path.sep).join('/');
    this.looked.add(relative);
    let stat: Stats;
    try {
      stat = lstatSync(absolute);
    } catch {
      return readSource(absolute);
    }
    const stamp = stampOf(stat);
    const kept = this.stored[relative];
    if (kept && kept[0] === stamp && stat.isFile()) {
      this.known.set(relative, kept);
      return { ok: true, source: unreadSource(absolute, kept[1]) };
    }
    const result = readSource(absolute);
    if (result.ok && stat.isFile() && Math.max(stat.mtimeMs, stat.ctimeMs) < Date.now() - this.settledMs) this.read.set(relative, { stamp, source: result.source });
    return result;
  }

  /**
   * The stamps for the next run, and whether they differ from those stored: of the files the run
   * kept (relative paths), and, as stored, of the files it did not look at that are still there
   * (a run over some paths or the changed files only).
   */
  stamps(kept: ReadonlySet<string>, digestOf: (source: SourceText) => string): { stamps: StoredStamps; changed: boolean } {
    const stamps: Record<string, readonly [string, string]> = {};
    for (const [file, entry] of Object.entries(this.stored)) {
      if (!this.looked.has(file) && existsSync(path.join(this.root, file))) stamps[file] = entry;
    }
    for (const [file, entry] of this.known) if (kept.has(file)) stamps[file] = entry;
    for (const [file, { stamp, source }] of this.read) if (kept.has(file)) stamps[file] = [stamp, digestOf(source)];
    const files = Object.keys(stamps);
    const changed = files.length !== Object.keys(this.stored).length || files.some((file) => this.stored[file]?.[0] !== stamps[file]![0]);
    return { stamps, changed };
  }
}

function stampOf(stat: Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
}

/** A file known by its digest; read (once) only when its text, BOM or line ending is asked for. */
function unreadSource(file: string, digest: string): SourceText {
  let decoded: SourceText | undefined;
  const load = (): SourceText => {
    if (!decoded) {
      const result = readSource(file);
      if (!result.ok) throw new UserError(`${file} changed while the run was reading it (${result.reason}). Run again.`);
      decoded = result.source;
    }
    return decoded;
  };
  return {
    digest,
    get text() {
      return load().text;
    },
    get bom() {
      return load().bom;
    },
    get eol() {
      return load().eol;
    },
  };
}

function isStoredStamps(value: unknown): value is StoredStamps {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string');
}
