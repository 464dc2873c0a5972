import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A JSON file the CLI wrote under `repo` (a report, most often). */
export const readJson = (repo: string, file: string) => JSON.parse(readFileSync(path.join(repo, file), 'utf8'));

/** A JSON report without what differs between two runs of the same code: the clock. */
export const timeless = (report: Record<string, unknown>) => ({ ...report, generatedAt: '', wallTimeMs: 0 });
