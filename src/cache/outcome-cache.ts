import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type ts, typescriptVersion } from '#typescript';
import type { ResolvedConfig } from '../config/load.js';
import type { EnabledTransform } from '../engine/migrate-file.js';
import type { PreparedPartStore } from '../engine/prepared-parts.js';
import type { PreparedData } from '../engine/project-files.js';
import type { ProjectSettings } from '../engine/project.js';
import { readSource } from '../engine/read-source.js';
import { analyzeFiles, type AnalyzeOptions, type FileEntry, type FileOutcome, type OutcomeStore } from '../engine/session.js';
import { testFiles } from '../engine/test-files.js';
import type { SourceText } from '../engine/source-text.js';
import type { ErrorCodes } from '../engine/transform.js';
import { writeCache, type CacheContents, type CachedFile, type CacheRead, type StoredOutcome } from './cache-file.js';
import { digest, TextDigests } from './hash.js';
import { fileSystemStamp, ImportGraph, type ScannedImports } from './import-graph.js';
import { PrepassParts } from './prepass-parts.js';
import { RecordingCodes, replayRequests } from './recorded-codes.js';
import type { RecordedLookups } from './recorded-lookups.js';
import type { StampedReads } from './stamped-reads.js';

export interface CacheSettings {
  /** The cache file, absolute. */
  readonly file: string;
  /** What it held when the run started (read before the project, for `lookups`). */
  readonly read: CacheRead;
  /** The compiler's answers about the project, kept in the same file. */
  readonly lookups: RecordedLookups;
  /** How discovery read the files (by stamp where unchanged); their stamps are kept in the same file. */
  readonly stampedReads: StampedReads;
  readonly toolVersion: string;
  readonly config: ResolvedConfig;
  readonly project: ProjectSettings;
  readonly transforms: readonly EnabledTransform[];
  readonly allTransformsRun: boolean;
}

/** What `--verbose` and the warnings say about the cache after a run. */
export interface CacheUse {
  readonly file: string;
  readonly reused: number;
  readonly files: number;
  /** The pre-pass: how many files' parts it took from the cache (test files included); absent when it ran over the given set only (a scoped run, or none). */
  readonly prepass?: { readonly reused: number; readonly files: number };
  /** One line each: a cache that could not be used or written. */
  readonly warnings: readonly string[];
}

/** A reused outcome's code requests no longer get the same answers: the run starts again without reuse. */
class ReplayDiffers extends Error {}

interface Analysed {
  readonly entry: FileEntry;
  readonly text: string;
  readonly askedChecker: () => boolean;
  readonly codes: RecordingCodes;
  readonly outcome: FileOutcome;
}

/**
 * `check --cache` and `report --cache`: a file's outcome is reused when nothing it depends on has
 * changed since it was stored. That is its text (and module, and ESM/CommonJS format), the
 * tool's version, the config, the transforms and their options, the compiler options and
 * TypeScript's version (one key for the whole file), what the transforms' project-wide pre-pass
 * found (combined from each file's part where a transform splits it, see `PrepassParts`, so an
 * edit scans only the edited files again), and, only when its analysis asked the type checker,
 * every text the checker could read for it (see `ImportGraph`). A file whose transforms never
 * asked the checker depends on its own text alone, whatever else changes. Requests to the code registry are replayed in file order, so
 * the files analysed again see the registry a full run would.
 */
export class OutcomeCache implements OutcomeStore {
  private readonly earlier: CacheContents | undefined;
  private readonly key: string;
  private readonly warnings: string[] = [];
  private sources = new Map<string, SourceText>();
  private roots: string[] = [];
  private files: ReadonlyArray<{ readonly entry: FileEntry; readonly source: SourceText }> = [];
  private prepared: PreparedData = {};
  private preparedReused = false;
  /** How many files (test files included) the reused pre-pass result stood for. */
  private preparedFiles = 0;
  private readonly parts: PrepassParts;
  private testTexts: ReadonlyArray<{ readonly file: string; readonly text: string }> | undefined;
  private graph: ImportGraph | undefined;
  private candidates = new Map<string, CachedFile>();
  private preparedDigest = '';
  private readonly reused = new Map<string, CachedFile>();
  private readonly analysed: Analysed[] = [];
  private recordOnly = false;
  /** The file at the cache's place is not ours: never overwritten. */
  private readonly foreign: boolean;
  private readonly digests = new TextDigests();

  constructor(private readonly settings: CacheSettings) {
    this.key = settingsKey(settings);
    const read = settings.read;
    if (read.kind === 'ignored') this.warnings.push(`the cache ${settings.file} ${read.why}; it is ignored, and rewritten after this run.`);
    if (read.kind === 'foreign') this.warnings.push(`${settings.file} ${read.why}; it is neither used nor overwritten (choose another --cache-location).`);
    this.foreign = read.kind === 'foreign';
    this.earlier = read.kind === 'read' && read.contents.key === this.key ? read.contents : undefined;
    this.parts = new PrepassParts(this.earlier?.parts, this.digests);
  }

  /** Analyses the files, reusing what it can; a replay that differs starts the run again with a fresh registry. */
  async analyze(options: AnalyzeOptions, freshCodes: () => Promise<ErrorCodes>): Promise<FileOutcome[]> {
    try {
      return analyzeFiles({ ...options, store: this });
    } catch (error) {
      if (!(error instanceof ReplayDiffers)) throw error;
      this.recordOnly = true;
      this.reused.clear();
      this.analysed.length = 0;
      return analyzeFiles({ ...options, codes: await freshCodes(), store: this });
    }
  }

  plan(files: ReadonlyArray<{ readonly entry: FileEntry; readonly source: SourceText }>): { reusable: ReadonlySet<string>; extraRoots: readonly string[]; prepared?: PreparedData; parts: PreparedPartStore } {
    this.files = files;
    this.sources = new Map(files.map(({ entry, source }) => [path.resolve(entry.absolute), source]));
    this.roots = [...this.sources.keys()];
    this.graph = undefined;
    this.candidates = new Map();
    this.preparedReused = false;
    // Pre-pass parts do not depend on the code registry: a run started again still reuses them.
    if (!this.earlier || this.recordOnly) return { reusable: new Set(), extraRoots: [], parts: this.parts };
    for (const { entry, source } of files) {
      const cached = this.earlier.files[entry.file];
      if (cached && cached.text === this.digestOf(source) && cached.module === entry.module && cached.format === this.formatOf(entry.absolute)) {
        this.candidates.set(entry.file, cached);
      }
    }
    const byFile = new Map(files.map(({ entry }) => [entry.file, entry.absolute]));
    for (const [file, cached] of this.candidates) {
      if (cached.deps !== null && cached.deps !== this.dependencies().dependencyDigest(byFile.get(file)!)) this.candidates.delete(file);
    }
    // Files analysed again may ask the checker, whose program must see the globals of the files that are not parsed.
    const someAnalysed = this.candidates.size < files.length && this.settings.transforms.some(({ transform }) => transform.needsTypes);
    const extraRoots = this.candidates.size > 0 && someAnalysed ? this.dependencies().globalFiles() : [];
    const earlierPrepared = this.earlier.prepared;
    this.preparedReused = earlierPrepared !== undefined && this.candidates.size > 0 && earlierPrepared.files === this.fileSetDigest(files);
    if (this.preparedReused) this.preparedFiles = files.length + this.tests().length;
    const prepared = this.preparedReused ? { prepared: earlierPrepared!.data } : {};
    return { reusable: new Set(this.candidates.keys()), extraRoots, ...prepared, parts: this.parts };
  }

  confirm(prepared: PreparedData): ReadonlySet<string> {
    this.prepared = prepared;
    this.preparedDigest = digest(JSON.stringify(prepared));
    const stale = new Set<string>();
    for (const [file, cached] of this.candidates) if (cached.prepared !== this.preparedDigest) stale.add(file);
    return stale;
  }

  reuse(entry: FileEntry, codes: ErrorCodes): FileOutcome {
    const cached = this.candidates.get(entry.file)!;
    if (!replayRequests(codes, cached.requests)) throw new ReplayDiffers();
    this.reused.set(entry.file, cached);
    const { file, module, ...rest } = cached.outcome;
    return { file, absolute: entry.absolute, module, ...rest };
  }

  analysing(entry: FileEntry, text: string, codes: ErrorCodes, checker: () => ts.TypeChecker) {
    const recording = new RecordingCodes(codes);
    let asked = false;
    return {
      codes: recording,
      checker: (): ts.TypeChecker => {
        asked = true;
        return checker();
      },
      done: (outcome: FileOutcome): void => {
        this.analysed.push({ entry, text, askedChecker: () => asked, codes: recording, outcome });
      },
    };
  }

  /** Writes what this run found (and keeps the entries of files it did not look at); a failure is a warning. */
  async save(): Promise<CacheUse> {
    const use = { file: this.settings.file, reused: this.reused.size, files: this.reused.size + this.analysed.length, ...this.prepassUse(), warnings: this.warnings };
    if (this.foreign) return use;
    const earlierFiles = Object.keys(this.earlier?.files ?? {});
    // Everything reused, nothing dropped: the file on disk already says all of it.
    const preparedKept = this.preparedReused || Object.keys(this.prepared).length === 0;
    const graphKept = !this.graph || this.earlier?.stamp === this.stamp();
    const lookupsKept = !this.settings.lookups.changed;
    const kept = new Set(this.files.map(({ entry }) => entry.file));
    const { stamps, changed: stampsChanged } = this.settings.stampedReads.stamps(kept, (source) => this.digestOf(source));
    if (this.earlier && preparedKept && graphKept && lookupsKept && !stampsChanged && this.analysed.length === 0 && this.reused.size === earlierFiles.length && earlierFiles.every((file) => this.reused.has(file))) return use;
    const files: Record<string, CachedFile> = {};
    for (const [file, cached] of Object.entries(this.earlier?.files ?? {})) {
      if (!this.sources.has(path.resolve(this.settings.config.root, file)) && existsSync(path.resolve(this.settings.config.root, file))) files[file] = cached;
    }
    for (const [file, cached] of this.reused) files[file] = cached;
    for (const { entry, text, askedChecker, codes, outcome } of this.analysed) {
      const { absolute: _absolute, source: _source, newText: _newText, edits: _edits, ...stored } = outcome;
      files[entry.file] = {
        text: this.digests.of(text),
        module: entry.module,
        format: this.formatOf(entry.absolute),
        prepared: this.preparedDigest,
        deps: askedChecker() ? this.dependencies().dependencyDigest(entry.absolute) : null,
        requests: codes.requests,
        outcome: stored as StoredOutcome,
      };
    }
    const scans: Record<string, ScannedImports> = this.graph ? Object.fromEntries([...this.graph.scanned].sort(([a], [b]) => (a < b ? -1 : 1))) : { ...(this.earlier?.scans ?? {}) };
    try {
      const prepared = Object.keys(this.prepared).length > 0 ? { prepared: { files: this.fileSetDigest(this.files), data: this.prepared } } : {};
      const parts = this.parts.stored();
      const lookups = this.settings.lookups.stored();
      await writeCache(this.settings.file, {
        tool: this.settings.toolVersion,
        key: this.key,
        files,
        scans,
        ...(this.graph ? { stamp: this.stamp() } : this.earlier?.stamp ? { stamp: this.earlier.stamp } : {}),
        ...prepared,
        ...(parts ? { parts } : {}),
        ...(lookups ? { lookups } : {}),
        stamps,
      });
    } catch (error) {
      this.warnings.push(`cannot write the cache ${this.settings.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the next run starts cold.`);
    }
    return use;
  }

  private dependencies(): ImportGraph {
    this.graph ??= new ImportGraph(this.settings.project, this.settings.lookups, this.sources, new Map(Object.entries(this.earlier?.scans ?? {})), this.roots, this.earlier?.stamp === this.stamp(), this.digests);
    return this.graph;
  }

  private stampValue: string | undefined;
  private stamp(): string {
    this.stampValue ??= fileSystemStamp(this.settings.config.root, this.roots, this.settings.project.programFiles);
    return this.stampValue;
  }

  /**
   * What the pre-pass depends on: every file's path, module and text, which files of the set
   * import which (it follows imports between modules), and the test files' paths and texts (it
   * reads them for the assertions that pin errors). The same digest gives the same pre-pass.
   */
  private fileSetDigest(files: ReadonlyArray<{ readonly entry: FileEntry; readonly source: SourceText }>): string {
    const graph = this.dependencies();
    return digest(
      ...files.map(({ entry, source }) => {
        const within = graph.importsOf(entry.absolute).filter((target) => this.sources.has(target));
        return `${entry.file}\0${entry.module}\0${this.digestOf(source)}\0${within.join('\0')}`;
      }),
      'tests',
      ...this.tests().map(({ file, text }) => `${file}\0${this.digests.of(text)}`),
    );
  }

  /** The project's test files as the pre-pass reads them (`ProjectFiles.testFiles`). */
  private tests(): ReadonlyArray<{ readonly file: string; readonly text: string }> {
    const root = this.settings.config.root;
    this.testTexts ??= testFiles(root).flatMap((file) => {
      const read = readSource(path.join(root, file));
      return read.ok ? [{ file, text: read.source.text }] : [];
    });
    return this.testTexts;
  }

  /** The digest of a file's text: known without reading it when its stamp is unchanged. */
  private digestOf(source: SourceText): string {
    return source.digest ?? this.digests.of(source.text);
  }

  /** What the pre-pass took from the cache: everything when its whole result was reused, else the parts. */
  private prepassUse(): Pick<CacheUse, 'prepass'> {
    if (this.preparedReused) return { prepass: { reused: this.preparedFiles, files: this.preparedFiles } };
    const parts = this.parts.use();
    return parts ? { prepass: { reused: parts.files - parts.computed, files: parts.files } } : {};
  }

  /** ESM or CommonJS, as the program decides it for the file (null outside node16/nodenext). */
  private formatOf(file: string): number | null {
    return this.settings.lookups.format(file, this.settings.project.options);
  }
}

/** The settings every outcome depends on; a change to any starts the cache afresh. */
function settingsKey(settings: CacheSettings): string {
  const { config, project } = settings;
  // A plugin is code: its text is part of what its findings depend on.
  const plugins = config.plugins.map((plugin) => {
    try {
      return digest(readFileSync(path.resolve(config.root, plugin), 'utf8'));
    } catch {
      return 'unreadable';
    }
  });
  return digest(
    JSON.stringify({
      typescript: typescriptVersion(),
      config,
      plugins,
      transforms: settings.transforms.map(({ transform, options }) => ({ id: transform.id, needsTypes: transform.needsTypes, options })),
      allTransformsRun: settings.allTransformsRun,
      compilerOptions: project.options,
      declarationFiles: project.declarationFiles,
    }),
  );
}

/** The lines a run prints about its cache: the warnings always, the reuse with `--verbose`. */
export function cacheLines(use: CacheUse | undefined, verbose: boolean, color: { yellow(text: string): string; dim(text: string): string }): string {
  if (!use) return '';
  const lines = use.warnings.map((warning) => `${color.yellow('warning')}: ${warning}\n`);
  if (verbose) lines.push(color.dim(`cache: ${use.reused} of ${use.files} file(s) reused from ${use.file}`) + '\n');
  if (verbose && use.prepass) lines.push(color.dim(`cache: pre-pass parts of ${use.prepass.reused} of ${use.prepass.files} file(s) reused, test files included`) + '\n');
  return lines.join('');
}
