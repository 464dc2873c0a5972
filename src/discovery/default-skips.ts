import path from 'node:path';
import { KIND_OF_TEST_FOLDER } from '../engine/test-files.js';

/**
 * What the default file set leaves out although the project's program has it: tests and
 * tooling. Each rule is counted in the report, with the glob that brings its files back.
 */
export interface SkipRule {
  /** How the report names the rule: `spec/`, `*.test.*`. */
  readonly rule: string;
  readonly matches: (file: SkipCandidate) => boolean;
  /** Whether an include glob names what this rule skips (`spec/**`, `**\/*.test.ts`). */
  readonly namedBy: (glob: string) => boolean;
  /** The glob to add to "include" for these files. */
  readonly includeGlob: (skipped: readonly string[]) => string;
}

export interface SkippedByDefault {
  readonly rule: string;
  readonly files: number;
  /** The glob that brings these files back; null when nothing should (generated code). */
  readonly include: string | null;
}

const TOOLING_FOLDERS = ['test', 'tests', 'spec', '__tests__', '__mocks__', 'test-utils', 'testing', 'fixtures', 'e2e', 'bench', 'benchmarks', 'examples', 'scripts', 'docs'];
const TOOLING_NAMES = ['test', 'spec', 'bench', 'stories', 'config'];

/** A path as the rules look at it, split once (every rule is asked about every file of the program). */
export interface SkipCandidate {
  readonly folders: readonly string[];
  readonly name: string;
}

const folders = (relative: string): string[] => relative.split('/').slice(0, -1);

function folderRule(folder: string): SkipRule {
  return {
    rule: `${folder}/`,
    matches: (file) => file.folders.includes(folder),
    namedBy: (glob) => glob.split('/').includes(folder),
    includeGlob: (skipped) => (skipped.every((file) => file.startsWith(`${folder}/`)) ? `${folder}/**` : `**/${folder}/**`),
  };
}

function nameRule(infix: string): SkipRule {
  return {
    rule: `*.${infix}.*`,
    matches: (file) => file.name.includes(`.${infix}.`),
    namedBy: (glob) => glob.includes(`.${infix}.`),
    includeGlob: () => `**/*.${infix}.*`,
  };
}


const kindOfTestFolderRule: SkipRule = {
  rule: '*-test/',
  matches: (file) => file.folders.some((folder) => KIND_OF_TEST_FOLDER.test(folder)),
  namedBy: (glob) => glob.split('/').some((part) => KIND_OF_TEST_FOLDER.test(part) || part === '*-test' || part === '*-tests'),
  includeGlob: (skipped) => {
    const named = [...new Set(skipped.map((file) => folders(file).find((folder) => KIND_OF_TEST_FOLDER.test(folder))!))];
    return named.length === 1 ? `**/${named[0]}/**` : '**/*-test*/**';
  },
};

/** Tests and tooling, in the order the report lists them. */
export const TOOLING_RULES: readonly SkipRule[] = [...TOOLING_FOLDERS.map(folderRule), kindOfTestFolderRule, ...TOOLING_NAMES.map(nameRule)];

/** The first of `rules` that skips `relative`. */
export function skippingRule(relative: string, rules: readonly SkipRule[]): SkipRule | undefined {
  const file: SkipCandidate = { folders: folders(relative), name: path.posix.basename(relative) };
  return rules.find((rule) => rule.matches(file));
}

/** The rules still in force: an include glob that names a rule's folder or suffix lifts it. */
export function rulesInForce(include: readonly string[]): SkipRule[] {
  return TOOLING_RULES.filter((rule) => !include.some((glob) => rule.namedBy(glob)));
}

/** Counts per rule, in rule order, for the report. */
export class SkipCounter {
  private readonly skipped = new Map<string, { rule: SkipRule | undefined; files: string[] }>();

  add(name: string, rule: SkipRule | undefined, relative: string): void {
    const entry = this.skipped.get(name) ?? { rule, files: [] };
    entry.files.push(relative);
    this.skipped.set(name, entry);
  }

  list(): SkippedByDefault[] {
    const order = [...TOOLING_RULES.map((r) => r.rule), 'generated'];
    return [...this.skipped.entries()]
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([name, { rule, files }]) => ({ rule: name, files: files.length, include: rule ? rule.includeGlob(files) : null }));
  }
}
