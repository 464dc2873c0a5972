import { readdirSync } from 'node:fs';
import path from 'node:path';

const TEST_FOLDERS = new Set(['test', 'tests', '__tests__', 'spec', 'e2e']);
/** Folders of tests named for their kind: `system-test`, `browser-test`, `integration-tests`. */
export const KIND_OF_TEST_FOLDER = /^[\w.]+-tests?$/;
const TEST_NAME = /\.(test|spec)\.[cm]?[jt]sx?$/;
const SCRIPT = /\.[cm]?[jt]sx?$/;
const NEVER_WALKED = new Set(['node_modules', 'dist', 'build', 'coverage']);

const listed = new Map<string, readonly string[]>();

/**
 * The project's test files under `root`, relative and `/`-separated: named `*.test.*`/`*.spec.*`,
 * or in a test folder. The migration leaves them alone, but they observe what it changes. Listed
 * once per process.
 */
export function testFiles(root: string): readonly string[] {
  const known = listed.get(root);
  if (known) return known;
  const found: string[] = [];
  const walk = (relative: string, inTests: boolean): void => {
    let entries;
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || NEVER_WALKED.has(entry.name)) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child, inTests || TEST_FOLDERS.has(entry.name) || KIND_OF_TEST_FOLDER.test(entry.name));
      else if (entry.isFile() && SCRIPT.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name) && (inTests || TEST_NAME.test(entry.name))) found.push(child);
    }
  };
  walk('', false);
  found.sort();
  listed.set(root, found);
  return found;
}
