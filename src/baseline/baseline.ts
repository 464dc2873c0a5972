import { existsSync, promises as fs } from 'node:fs';
import { UserError } from '../engine/user-error.js';
import { readJsonFile } from '../config/json-file.js';
import type { Finding } from '../output/check-format.js';
import { fingerprint } from './fingerprint.js';

/**
 * Accepted findings, committed so that a large code base can adopt `check` today and fail only
 * on new unmigrated sites. Entries are keyed by file, transform and fingerprint, with a count
 * for identical sites in one place.
 */
export interface BaselineFile {
  readonly version: 1;
  readonly findings: readonly BaselineEntry[];
}

export interface BaselineEntry {
  readonly file: string;
  readonly transform: string;
  readonly fingerprint: string;
  readonly count: number;
  /** For people reading the file; not part of the match. */
  readonly message: string;
}

export interface BaselineMatch {
  /** Findings the baseline does not cover: these fail `check`. */
  readonly fresh: Finding[];
  /** Findings the baseline covers. */
  readonly accepted: Finding[];
  /** Baseline entries (in analysed files) that matched nothing: fixed since, so the file can shrink. */
  readonly stale: BaselineEntry[];
}

const keyOf = (file: string, transform: string, print: string): string => `${file}\0${transform}\0${print}`;

export async function readBaseline(file: string): Promise<BaselineFile | undefined> {
  if (!existsSync(file)) return undefined;
  const json = (await readJsonFile(file)) as Partial<BaselineFile> | null;
  if (!json || json.version !== 1 || !Array.isArray(json.findings)) {
    throw new UserError(`${file}: not a migrate-errors baseline (expected {"version": 1, "findings": [...]}). Recreate it with \`check --update-baseline\`.`);
  }
  return json as BaselineFile;
}

/** Splits findings into new and accepted; `analysedFiles` limits staleness to what was looked at. */
export function matchBaseline(baseline: BaselineFile | undefined, findings: readonly Finding[], analysedFiles: ReadonlySet<string>): BaselineMatch {
  // Without a baseline every finding is new: no fingerprint to work out (a digest per finding).
  if (!baseline) return { fresh: [...findings], accepted: [], stale: [] };
  const remaining = new Map<string, { entry: BaselineEntry; left: number }>();
  for (const entry of baseline?.findings ?? []) {
    remaining.set(keyOf(entry.file, entry.transform, entry.fingerprint), { entry, left: entry.count });
  }
  const fresh: Finding[] = [];
  const accepted: Finding[] = [];
  for (const finding of findings) {
    const slot = remaining.get(keyOf(finding.file, finding.transform, fingerprint(finding)));
    if (slot && slot.left > 0) {
      slot.left--;
      accepted.push(finding);
    } else {
      fresh.push(finding);
    }
  }
  const stale = [...remaining.values()]
    .filter(({ entry, left }) => left > 0 && analysedFiles.has(entry.file))
    .map(({ entry, left }) => ({ ...entry, count: left }));
  return { fresh, accepted, stale };
}

/**
 * The baseline of the current findings. Entries of files this run did not analyse (outside the
 * given paths or `--changed-since`) are kept as they were.
 */
export function buildBaseline(previous: BaselineFile | undefined, findings: readonly Finding[], analysedFiles: ReadonlySet<string>): BaselineFile {
  const counts = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const print = fingerprint(finding);
    const key = keyOf(finding.file, finding.transform, print);
    const known = counts.get(key);
    counts.set(key, { file: finding.file, transform: finding.transform, fingerprint: print, count: (known?.count ?? 0) + 1, message: known?.message ?? finding.message });
  }
  const kept = (previous?.findings ?? []).filter((entry) => !analysedFiles.has(entry.file));
  const entries = [...kept, ...counts.values()].sort(
    (a, b) => a.file.localeCompare(b.file) || a.transform.localeCompare(b.transform) || a.fingerprint.localeCompare(b.fingerprint),
  );
  return { version: 1, findings: entries };
}

export async function writeBaseline(file: string, baseline: BaselineFile): Promise<void> {
  await fs.writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
}
