import path from 'node:path';
import { ts, typescriptVersion } from '#typescript';
import { packageJsonCacheFor } from '../engine/program.js';
import type { ProjectSettings } from '../engine/project.js';
import { digest } from './hash.js';
import { factsHold, FileSystemRecorder, isFileSystemFacts, type FileSystemFacts, type RecordingHost } from './recorded-file-system.js';

/** What a cached run keeps of the compiler's answers about the project, with what they were read from. */
export interface StoredLookups {
  /** The tool, the compiler, the working folder and the tsconfig the answers were found with. */
  readonly key: string;
  readonly facts: FileSystemFacts;
  readonly project?: ProjectSettings;
  /** ESM or CommonJS by folder and extension (see `RecordedLookups.format`). */
  readonly formats: Readonly<Record<string, number | null>>;
  /** The automatic `@types` declaration files (see `RecordedLookups.automaticTypes`). */
  readonly automaticTypes?: readonly string[];
}

/**
 * The compiler's answers a cached run needs even when no file has changed: the tsconfig as
 * parsed (options, file list), each file's module format, the automatic `@types`. Each is kept
 * with the facts of the file system it was worked out from (files read, paths probed, folders
 * listed); while those facts hold, the answer is taken as it is and the compiler is not loaded.
 * A fact that no longer holds drops every kept answer, and each is worked out again as asked.
 */
export class RecordedLookups {
  private readonly kept: StoredLookups | undefined;
  private recorder: FileSystemRecorder | undefined;
  private projectSettings: ProjectSettings | undefined;
  private readonly formats: Record<string, number | null>;
  private automatic: readonly string[] | undefined;
  private packageJsonCache: ts.PackageJsonInfoCache | undefined;
  /** Something was worked out with the compiler this run: the stored lookups are to be written again. */
  private added = false;

  constructor(
    stored: unknown,
    /** See `lookupsKey`. */
    private readonly key: string,
  ) {
    this.kept = isStoredLookups(stored) && stored.key === key && factsHold(stored.facts) ? stored : undefined;
    this.projectSettings = this.kept?.project;
    this.formats = { ...this.kept?.formats };
    this.automatic = this.kept?.automaticTypes;
  }

  /** The project's settings: kept, or loaded by `load` with its file system calls noted. */
  project(load: (host: RecordingHost) => ProjectSettings): ProjectSettings {
    this.projectSettings ??= this.learn(() => load(this.host()));
    return this.projectSettings;
  }

  /** ESM or CommonJS, as the program decides it for the file (null outside node16/nodenext). */
  format(file: string, options: ts.CompilerOptions): number | null {
    // It depends on the extension and the package.json in scope only: one answer per folder and extension.
    const key = `${path.dirname(file)}\0${path.extname(file)}`;
    let format = this.formats[key];
    if (format === undefined) {
      format = this.learn(() => {
        this.packageJsonCache ??= packageJsonCacheFor(options);
        return ts.getImpliedNodeFormatForFile(file, this.packageJsonCache, this.host(), options) ?? null;
      });
      this.formats[key] = format;
    }
    return format;
  }

  /** `types` of the tsconfig, or every package of `node_modules/@types` without it, as declaration files (absolute). */
  automaticTypes(options: ts.CompilerOptions): readonly string[] {
    this.automatic ??= this.learn(() => {
      const host = this.host();
      const containing = path.join(host.getCurrentDirectory(), '__inferred type names__.ts');
      return ts
        .getAutomaticTypeDirectiveNames(options, host)
        .map((name) => ts.resolveTypeReferenceDirective(name, containing, options, host).resolvedTypeReferenceDirective?.resolvedFileName)
        .filter((file): file is string => file !== undefined)
        .map((file) => path.resolve(file));
    });
    return this.automatic;
  }

  /** What to store for the next run, or undefined when nothing changed since it was read (or it cannot be trusted). */
  stored(): StoredLookups | undefined {
    if (!this.added) return this.kept;
    const facts = this.recorder?.facts();
    if (!facts) return undefined;
    return {
      key: this.key,
      facts,
      ...(this.projectSettings ? { project: this.projectSettings } : {}),
      formats: this.formats,
      ...(this.automatic ? { automaticTypes: this.automatic } : {}),
    };
  }

  /** Whether the next run needs the lookups written again. */
  get changed(): boolean {
    return this.added;
  }

  private learn<T>(work: () => T): T {
    this.added = true;
    return work();
  }

  private host(): RecordingHost {
    // The facts kept still hold (checked on reading), so the new ones are added to them.
    this.recorder ??= new FileSystemRecorder(this.kept?.facts);
    return this.recorder.host;
  }
}

/** What the lookups depend on besides the file system. */
export function lookupsKey(toolVersion: string, tsconfig: string | undefined): string {
  return digest('lookups', toolVersion, typescriptVersion(), process.cwd(), tsconfig ?? '(none)');
}

function isStoredLookups(value: unknown): value is StoredLookups {
  if (typeof value !== 'object' || value === null) return false;
  const lookups = value as Record<string, unknown>;
  const project = lookups.project as Record<string, unknown> | undefined;
  const isProject = project === undefined || (typeof project === 'object' && project !== null && typeof project.options === 'object' && Array.isArray(project.declarationFiles));
  return (
    typeof lookups.key === 'string' &&
    isFileSystemFacts(lookups.facts) &&
    isProject &&
    typeof lookups.formats === 'object' &&
    lookups.formats !== null &&
    (lookups.automaticTypes === undefined || Array.isArray(lookups.automaticTypes))
  );
}
