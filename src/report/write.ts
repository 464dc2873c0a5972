import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { renderMarkdown } from './markdown.js';
import type { MigrationReport } from './model.js';

export const DEFAULT_REPORT = 'migration-report.md';

/** The JSON report sits beside the Markdown one: `migration-report.md` -> `migration-report.json`. */
export function jsonPathFor(markdownPath: string): string {
  return markdownPath.replace(/\.md$/i, '') + '.json';
}

/** The previous JSON report at this place, for the "Progress" section; unreadable means none. */
export async function readPreviousReport(markdownPath: string): Promise<MigrationReport | undefined> {
  const file = jsonPathFor(markdownPath);
  if (!existsSync(file)) return undefined;
  try {
    const json = JSON.parse(await fs.readFile(file, 'utf8')) as MigrationReport;
    return json.version === 1 && Array.isArray(json.modules) ? json : undefined;
  } catch {
    return undefined;
  }
}

export async function writeReport(markdownPath: string, report: MigrationReport): Promise<void> {
  await fs.mkdir(path.dirname(markdownPath), { recursive: true });
  await fs.writeFile(jsonPathFor(markdownPath), `${JSON.stringify(report, null, 2)}\n`);
  await fs.writeFile(markdownPath, renderMarkdown(report));
}
