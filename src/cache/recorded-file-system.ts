import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { ts } from '#typescript';
import type { ConfigFileSystem } from '../engine/project.js';
import { digest, fileDigest } from './hash.js';

/**
 * What a computation over the file system looked at: every file it read, every path whose kind it
 * asked, every folder it listed. When each is still the same, the computation would read the same
 * and find the same, so its answer stands; checking that needs no compiler (see `factsHold`).
 */
export interface FileSystemFacts {
  /** Digest of each file's bytes, or null when it could not be read. */
  readonly reads: Readonly<Record<string, string | null>>;
  /** What each path is. */
  readonly kinds: Readonly<Record<string, PathKind>>;
  /** Digest of each folder's listing (its files and folders, links followed), as the compiler lists it. */
  readonly listings: Readonly<Record<string, string>>;
  /** Each path's real path. */
  readonly realpaths: Readonly<Record<string, string>>;
}

type PathKind = 'file' | 'directory' | 'none';

/** The file system calls the compiler's config parser and module lookups make (the calls reading a tsconfig makes cover them). */
export type RecordingHost = ConfigFileSystem;

/**
 * A host for the compiler's file system calls that notes what each call looked at. It answers as
 * `ts.sys` does (the same reads, the same listings, links followed the same way).
 */
export class FileSystemRecorder {
  private readonly reads: Record<string, string | null> = {};
  private readonly kinds: Record<string, PathKind> = {};
  private readonly listings: Record<string, string> = {};
  private readonly realpaths: Record<string, string> = {};
  /** False once a call could not be recorded: its answer then cannot be trusted later. */
  private complete = true;

  constructor(earlier?: FileSystemFacts) {
    if (earlier) {
      Object.assign(this.reads, earlier.reads);
      Object.assign(this.kinds, earlier.kinds);
      Object.assign(this.listings, earlier.listings);
      Object.assign(this.realpaths, earlier.realpaths);
    }
  }

  readonly host: RecordingHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
    readFile: (file, encoding) => {
      this.reads[file] = fileDigest(file);
      return ts.sys.readFile(file, encoding);
    },
    fileExists: (file) => this.kind(file) === 'file',
    directoryExists: (folder) => this.kind(folder) === 'directory',
    getDirectories: (folder) => [...this.list(folder).directories],
    realpath: (file) => {
      // The compiler's answer is the one used; ours is what a later run compares.
      this.realpaths[file] = realpathOf(file);
      return ts.sys.realpath ? ts.sys.realpath(file) : file;
    },
    readDirectory: (root, extensions, excludes, includes, depth) => {
      // The compiler's own walk, with each folder it lists noted.
      const matchFiles = (ts as unknown as { matchFiles?: MatchFiles }).matchFiles;
      if (typeof matchFiles !== 'function') {
        this.complete = false;
        return ts.sys.readDirectory(root, extensions, excludes, includes, depth);
      }
      return matchFiles(root, extensions, excludes, includes, ts.sys.useCaseSensitiveFileNames, ts.sys.getCurrentDirectory(), depth, (folder) => this.list(folder), this.host.realpath!);
    },
  };

  /** What was looked at, or undefined when some call could not be noted. */
  facts(): FileSystemFacts | undefined {
    return this.complete ? { reads: this.reads, kinds: this.kinds, listings: this.listings, realpaths: this.realpaths } : undefined;
  }

  private kind(file: string): PathKind {
    const kind = kindOf(file);
    this.kinds[file] = kind;
    return kind;
  }

  private list(folder: string): Listing {
    const listing = listingOf(folder);
    this.listings[folder] = listingDigest(listing);
    return listing;
  }
}

type MatchFiles = (
  path: string,
  extensions: readonly string[] | undefined,
  excludes: readonly string[] | undefined,
  includes: readonly string[] | undefined,
  useCaseSensitiveFileNames: boolean,
  currentDirectory: string,
  depth: number | undefined,
  getFileSystemEntries: (path: string) => Listing,
  realpath: (path: string) => string,
) => string[];

/** Whether everything the facts name is as it was: then what was computed from them stands. */
export function factsHold(facts: FileSystemFacts): boolean {
  for (const [file, expected] of Object.entries(facts.reads)) if (fileDigest(file) !== expected) return false;
  for (const [file, expected] of Object.entries(facts.kinds)) if (kindOf(file) !== expected) return false;
  for (const [folder, expected] of Object.entries(facts.listings)) if (listingDigest(listingOf(folder)) !== expected) return false;
  for (const [file, expected] of Object.entries(facts.realpaths)) if (realpathOf(file) !== expected) return false;
  return true;
}

/** Whether a value read from a cache file has the shape of facts (their content is checked by `factsHold`). */
export function isFileSystemFacts(value: unknown): value is FileSystemFacts {
  const isTable = (table: unknown, isEntry: (entry: unknown) => boolean): boolean =>
    typeof table === 'object' && table !== null && !Array.isArray(table) && Object.values(table).every(isEntry);
  if (typeof value !== 'object' || value === null) return false;
  const facts = value as Record<string, unknown>;
  const isString = (entry: unknown): boolean => typeof entry === 'string';
  return (
    isTable(facts.reads, (entry) => entry === null || isString(entry)) &&
    isTable(facts.kinds, (entry) => entry === 'file' || entry === 'directory' || entry === 'none') &&
    isTable(facts.listings, isString) &&
    isTable(facts.realpaths, isString)
  );
}

function kindOf(file: string): PathKind {
  try {
    const stat = statSync(file);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'none';
  } catch {
    return 'none';
  }
}

function realpathOf(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

interface Listing {
  readonly files: readonly string[];
  readonly directories: readonly string[];
}

/**
 * What of a listing the compiler's answers can depend on: its folders, and its files with an
 * extension the compiler ever lists (sources, declarations, JSON). A new README or the cache file
 * itself changes nothing.
 */
function listingDigest(listing: Listing): string {
  return digest(JSON.stringify({ files: listing.files.filter((file) => COMPILER_EXTENSION.test(file)), directories: listing.directories }));
}

const COMPILER_EXTENSION = /\.([cm]?[jt]sx?|json)$/i;

/** A folder's files and folders as the compiler lists them: links followed, anything else left out, each list sorted. */
function listingOf(folder: string): Listing {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder || '.', { withFileTypes: true });
  } catch {
    return { files: [], directories: [] };
  }
  const files: string[] = [];
  const directories: string[] = [];
  for (const entry of entries) {
    let kind: PathKind = entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'none';
    if (entry.isSymbolicLink()) kind = kindOf(path.join(folder, entry.name));
    if (kind === 'file') files.push(entry.name);
    else if (kind === 'directory') directories.push(entry.name);
  }
  files.sort();
  directories.sort();
  return { files, directories };
}
