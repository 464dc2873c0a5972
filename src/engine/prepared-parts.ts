import type { PrepareByFile, PreparedSource, ProjectFile, ProjectFiles } from './transform.js';

/** A part of a file of the set, or of a test file: the two are kept apart, a path may be both. */
export type PartKind = 'file' | 'test';

/**
 * Pre-pass parts worked out before (`--cache` keeps them, see src/cache/prepass-parts.ts). A part
 * depends on the file's path and text alone, so a known part stands while the text is the same.
 */
export interface PreparedPartStore {
  /** The part `transform` found in this file when its text was `text`; undefined when not known. */
  known(transform: string, kind: PartKind, file: string, text: string): { readonly part: unknown } | undefined;
  /** A part worked out in this run. */
  computed(transform: string, kind: PartKind, file: string, text: string, part: unknown): void;
}

/** The file as a part may see it: its module is left out, since the part is keyed by path and text only. */
export type SourceOf = (file: ProjectFile) => PreparedSource;

/**
 * Runs a split pre-pass: each file's part, from the store when it knows it, then the combine
 * step over all of them. A cold run and a run from the store combine the same parts, so they
 * give the same result.
 */
export function prepareFromParts(id: string, byFile: PrepareByFile, project: ProjectFiles, sourceOf: SourceOf, store: PreparedPartStore | undefined): unknown {
  const partOf = (kind: PartKind, step: ((file: PreparedSource) => unknown) | undefined, file: ProjectFile): unknown => {
    if (!step) return null;
    const known = store?.known(id, kind, file.file, file.text);
    if (known) return known.part;
    const part = step(sourceOf(file)) ?? null;
    store?.computed(id, kind, file.file, file.text, part);
    return part;
  };
  const fileStep = byFile.file?.bind(byFile);
  const testStep = byFile.testFile?.bind(byFile);
  const files = project.files.map((file) => ({ file, part: partOf('file', fileStep, file) }));
  const tests = testStep ? project.testFiles().map((file) => ({ file, part: partOf('test', testStep, file) })) : [];
  return byFile.combine({ files, tests }, project);
}
