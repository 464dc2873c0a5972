import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FileOutcome } from '../engine/session.js';

/**
 * The files whose edits `run --test` rolled back because they made the project's tests fail. Kept
 * beside the test log, so that a later `run` does not make the same edits again and `check`
 * does not call them fixable: each file stays as it is, its sites `manual` with the reason, until
 * its text changes (the tests or the code were updated) and it is migrated afresh.
 */
export const ROLLED_BACK_FILE = '.migrate-errors/rolled-back.json';

interface RolledBackFile {
  readonly file: string;
  /** The file's text when it was rolled back (SHA-256): an edited file is tried again. */
  readonly sha256: string;
  readonly reason: string;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Adds the rolled-back files (their original texts) to the record. */
export function recordRolledBack(root: string, outcomes: readonly FileOutcome[], files: ReadonlySet<string>, reason: (outcome: FileOutcome) => string): void {
  const known = new Map(readRecord(root).map((entry) => [entry.file, entry]));
  for (const outcome of outcomes) {
    if (!files.has(outcome.file) || !outcome.source) continue;
    known.set(outcome.file, { file: outcome.file, sha256: digest(outcome.source.text), reason: reason(outcome) });
  }
  const file = path.join(root, ROLLED_BACK_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  // The folder holds this run's own files only, never a change of the user's.
  writeFileSync(path.join(path.dirname(file), '.gitignore'), '*\n');
  writeFileSync(file, `${JSON.stringify([...known.values()].sort((a, b) => (a.file < b.file ? -1 : 1)), null, 2)}\n`);
}

/** Outcomes with the recorded files held back: unchanged, their fixable sites manual with the reason. */
export function holdBackRolledBack(root: string, outcomes: readonly FileOutcome[]): FileOutcome[] {
  const record = new Map(readRecord(root).map((entry) => [entry.file, entry]));
  if (record.size === 0) return [...outcomes];
  return outcomes.map((outcome) => {
    const entry = record.get(outcome.file);
    if (!entry || !outcome.sites.some((s) => s.status === 'fixable')) return outcome;
    const text = outcome.source?.text ?? readText(outcome.absolute);
    if (text === undefined || digest(text) !== entry.sha256) return outcome;
    const { newText: _dropped, edits: _edits, ...rest } = outcome;
    return {
      ...rest,
      status: outcome.status === 'changed' ? 'unchanged' : outcome.status,
      sites: outcome.sites.map((site) => (site.status === 'fixable' ? { ...site, status: 'manual', reason: entry.reason } : site)),
    };
  });
}

function readRecord(root: string): RolledBackFile[] {
  const file = path.join(root, ROLLED_BACK_FILE);
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(parsed) ? parsed.filter((e): e is RolledBackFile => typeof e?.file === 'string' && typeof e?.sha256 === 'string' && typeof e?.reason === 'string') : [];
  } catch {
    // A damaged record only means the edits are tried again (and `--test` rolls them back again).
    return [];
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}
