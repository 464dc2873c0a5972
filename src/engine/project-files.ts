import path from 'node:path';
import { ts } from 'ts-morph';
import type { EnabledTransform } from './migrate-file.js';
import { inPhase } from './phase-error.js';
import type { ProjectSettings } from './project.js';
import { readSource } from './read-source.js';
import { testFiles } from './test-files.js';
import type { ProjectFile, ProjectFiles } from './transform.js';

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
 * Runs the `prepare` pre-pass of the transforms that have one, over every file of the set, before
 * any file is walked. Files are read here when the caller has not read them, and parsed only when a
 * transform asks for the parse: a pre-pass typically tests the text first and parses few files.
 */
export function prepareTransforms(transforms: readonly EnabledTransform[], entries: readonly PrepareEntry[], project: ProjectSettings, root: string): PreparedData {
  const preparing = transforms.filter(({ transform }) => transform.prepare);
  if (preparing.length === 0) return {};
  const files = new ProjectFileSet(entries, project.options, root);
  const prepared: Record<string, unknown> = {};
  for (const { transform } of preparing) prepared[transform.id] = inPhase(`the pre-pass of the \`${transform.id}\` transform`, () => transform.prepare!(files));
  return prepared;
}

class ProjectFileSet implements ProjectFiles {
  readonly files: readonly ProjectFile[];
  private readonly byAbsolute = new Map<string, ProjectFile>();
  private readonly absoluteOf = new Map<ProjectFile, string>();
  private readonly imports = new Map<ProjectFile, readonly ProjectFile[]>();
  private readonly cache: ts.ModuleResolutionCache;

  private tests: readonly ProjectFile[] | undefined;

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
