import path from 'node:path';
import { ts } from '#typescript';
import type { EnabledTransform } from './migrate-file.js';
import { inPhase } from './phase-error.js';
import type { ProjectSettings } from './project.js';
import { readSource } from './read-source.js';
import { testFiles } from './test-files.js';
import { prepareFromParts, type PreparedPartStore } from './prepared-parts.js';
import type { PreparedSource, ProjectFile, ProjectFiles } from './transform.js';

/** What each transform's `prepare` returned, by transform id: plain data, so an analysis thread can be given it. */
export type PreparedData = Readonly<Record<string, unknown>>;

/** A file of the set, with its text when it has been read (and its parse when it has been parsed). */
export interface PrepareEntry {
  readonly absolute: string;
  readonly file: string;
  readonly module: string;
  readonly text?: string;
  readonly sourceFile?: ts.SourceFile;
}

/**
 * Runs the pre-pass of the transforms that have one, over every file of the set, before any file
 * is walked: `prepareByFile` part by part (a part the store knows is not worked out again), or
 * `prepare` over the whole set. Files are read here when the caller has not read them, and parsed
 * only when a transform asks for the parse: a pre-pass typically tests the text first and parses few files.
 */
export function prepareTransforms(
  transforms: readonly EnabledTransform[],
  entries: readonly PrepareEntry[],
  project: ProjectSettings,
  root: string,
  /** Parts of split pre-passes worked out before (`--cache`); the parts worked out here are handed to it. */
  parts?: PreparedPartStore,
): PreparedData {
  const preparing = transforms.filter(({ transform }) => transform.prepareByFile ?? transform.prepare);
  if (preparing.length === 0) return {};
  const files = new ProjectFileSet(entries, project.options, root);
  const sourceOf = (file: ProjectFile): PreparedSource => files.sourceOf(file);
  const prepared: Record<string, unknown> = {};
  for (const { transform } of preparing) {
    const { id, prepareByFile } = transform;
    prepared[id] = inPhase(`the pre-pass of the \`${id}\` transform`, () => (prepareByFile ? prepareFromParts(id, prepareByFile, files, sourceOf, parts) : transform.prepare!(files)));
  }
  return prepared;
}

class ProjectFileSet implements ProjectFiles {
  readonly files: readonly ProjectFile[];
  private readonly byAbsolute = new Map<string, ProjectFile>();
  private readonly absoluteOf = new Map<ProjectFile, string>();
  private readonly imports = new Map<ProjectFile, readonly ProjectFile[]>();
  private readonly cache: ts.ModuleResolutionCache;

  private tests: readonly ProjectFile[] | undefined;
  private readonly sources = new Map<ProjectFile, PreparedSource>();

  constructor(
    entries: readonly PrepareEntry[],
    private readonly options: ts.CompilerOptions,
    private readonly root: string,
  ) {
    this.cache = ts.createModuleResolutionCache(ts.sys.getCurrentDirectory(), (name) => (ts.sys.useCaseSensitiveFileNames ? name : name.toLowerCase()), options);
    const files: ProjectFile[] = [];
    for (const entry of entries) {
      const text = entry.text ?? readText(entry.absolute);
      if (text === undefined) continue;
      let parsed = entry.sourceFile;
      const file: ProjectFile = {
        file: entry.file,
        module: entry.module,
        text,
        sourceFile: () => (parsed ??= ts.createSourceFile(entry.absolute, text, ts.ScriptTarget.Latest, /* setParentNodes */ true)),
      };
      files.push(file);
      this.byAbsolute.set(path.resolve(entry.absolute), file);
      this.absoluteOf.set(file, entry.absolute);
    }
    this.files = files;
  }

  testFiles(): readonly ProjectFile[] {
    this.tests ??= testFiles(this.root).flatMap((file) => {
      const absolute = path.join(this.root, file);
      const text = readText(absolute);
      if (text === undefined) return [];
      let parsed: ts.SourceFile | undefined;
      return [{ file, module: '', text, sourceFile: () => (parsed ??= ts.createSourceFile(absolute, text, ts.ScriptTarget.Latest, /* setParentNodes */ true)) }];
    });
    return this.tests;
  }

  /** The file without its module, one object per file (a transform may remember what it found by it). */
  sourceOf(file: ProjectFile): PreparedSource {
    let source = this.sources.get(file);
    if (!source) {
      source = { file: file.file, text: file.text, sourceFile: () => file.sourceFile() };
      this.sources.set(file, source);
    }
    return source;
  }

  importsOf(file: ProjectFile): readonly ProjectFile[] {
    let found = this.imports.get(file);
    if (found) return found;
    const absolute = this.absoluteOf.get(file);
    const specifiers = absolute === undefined ? [] : ts.preProcessFile(file.text, /* readImportFiles */ true, /* detectJavaScriptImports */ true).importedFiles;
    const resolved = new Set<ProjectFile>();
    for (const { fileName: specifier } of specifiers) {
      const target = ts.resolveModuleName(specifier, absolute!, this.options, ts.sys, this.cache).resolvedModule?.resolvedFileName;
      const imported = target === undefined ? undefined : this.byAbsolute.get(path.resolve(target));
      if (imported) resolved.add(imported);
    }
    found = [...resolved];
    this.imports.set(file, found);
    return found;
  }
}

function readText(absolute: string): string | undefined {
  const read = readSource(absolute);
  return read.ok ? read.source.text : undefined;
}
