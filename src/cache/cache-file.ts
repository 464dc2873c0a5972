import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeOwnFileAtomic } from '../engine/atomic-write.js';
import type { PreparedData } from '../engine/project-files.js';
import type { FileOutcome } from '../engine/session.js';
import type { ScannedImports } from './import-graph.js';
import type { StoredPrepassParts } from './prepass-parts.js';
import type { CodeRequest } from './recorded-codes.js';
import type { StoredLookups } from './recorded-lookups.js';
import type { StoredStamps } from './stamped-reads.js';

export const DEFAULT_CACHE_FILE = '.migrate-errors-cache';

/** How every cache file starts: what tells ours from any other file at that place. */
const MARKER = '{"format":"migrate-errors-cache",';
/** The layout of the file; a new layout is a new number, and older files are ignored. */
const LAYOUT = 1;

/** A file's outcome as stored: without its absolute path, which the root gives back. */
export type StoredOutcome = Omit<FileOutcome, 'absolute'>;

/** What one file's outcome depended on, and the outcome. */
export interface CachedFile {
  /** Digest of the text. */
  readonly text: string;
  readonly module: string;
  /** ESM or CommonJS, as the nearest package.json decides it (the parse depends on it). */
  readonly format: number | null;
  /** Digest of what the transforms' project-wide pre-pass found. */
  readonly prepared: string;
  /** Digest of every text the type checker could read for it; null when its analysis never asked the checker. */
  readonly deps: string | null;
  readonly requests: readonly CodeRequest[];
  readonly outcome: StoredOutcome;
}

export interface CacheContents {
  readonly tool: string;
  /** Digest of the settings every outcome depends on (config, transforms and options, compiler options, TypeScript). */
  readonly key: string;
  /** By file, relative to the root. */
  readonly files: Readonly<Record<string, CachedFile>>;
  /** Import scans by absolute path, for the next run's dependency graph. */
  readonly scans: Readonly<Record<string, ScannedImports>>;
  /** The file system's stamp when the scans were resolved (see `fileSystemStamp`). */
  readonly stamp?: string;
  /** What the transforms' project-wide pre-pass found, and the digest of the file set it looked at. */
  readonly prepared?: { readonly files: string; readonly data: PreparedData };
  /** What each file contributed to the pre-passes that are split by file (see `PrepassParts`). */
  readonly parts?: StoredPrepassParts;
  /** The compiler's answers about the project, with what they were read from (checked by `RecordedLookups`). */
  readonly lookups?: StoredLookups;
  /** Each kept file's stamp and text digest (checked by `StampedReads`). */
  readonly stamps?: StoredStamps;
}

export type CacheRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'read'; readonly contents: CacheContents }
  /** Ours but unusable (corrupt, another version): ignored, and replaced after the run. */
  | { readonly kind: 'ignored'; readonly why: string }
  /** Not a cache of ours: never read and never overwritten. */
  | { readonly kind: 'foreign'; readonly why: string };

/** Reads the cache file; nothing in it is trusted before it is checked here. */
export function readCache(file: string, tool: string): CacheRead {
  if (!existsSync(file)) return { kind: 'none' };
  let text: string;
  try {
    if (statSync(file).isDirectory()) return { kind: 'foreign', why: 'is a folder' };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { kind: 'ignored', why: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (!text.startsWith(MARKER)) return { kind: 'foreign', why: 'is not a migrate-errors cache' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'ignored', why: 'is corrupt (not valid JSON)' };
  }
  const cache = json as Record<string, unknown>;
  if (cache.layout !== LAYOUT || cache.tool !== tool) {
    return { kind: 'ignored', why: `was written by migrate-errors ${typeof cache.tool === 'string' ? cache.tool : 'of another version'}, and this is ${tool}` };
  }
  if (typeof cache.key !== 'string' || !isRecord(cache.files) || !isRecord(cache.scans) || !Object.values(cache.files).every(isCachedFile)) {
    return { kind: 'ignored', why: 'is corrupt (unexpected content)' };
  }
  const prepared = isRecord(cache.prepared) && typeof cache.prepared.files === 'string' && isRecord(cache.prepared.data) ? { prepared: cache.prepared as CacheContents['prepared'] & object } : {};
  // Parts that do not look right are only left unused: they are worked out again.
  const parts = isStoredPrepassParts(cache.parts) ? { parts: cache.parts } : {};
  // Looked at closely by `RecordedLookups`, which uses them only when every fact still holds.
  const lookups = cache.lookups !== undefined ? { lookups: cache.lookups as StoredLookups } : {};
  const stamps = cache.stamps !== undefined ? { stamps: cache.stamps as StoredStamps } : {};
  return {
    kind: 'read',
    contents: { tool, key: cache.key, files: cache.files as Record<string, CachedFile>, scans: cache.scans as Record<string, ScannedImports>, ...(typeof cache.stamp === 'string' ? { stamp: cache.stamp } : {}), ...prepared, ...parts, ...lookups, ...stamps },
  };
}

/** Writes the cache atomically: a run that stops half-way leaves the old file or the new one. */
export async function writeCache(file: string, contents: CacheContents): Promise<void> {
  const body = JSON.stringify({ layout: LAYOUT, tool: contents.tool, key: contents.key, files: contents.files, scans: contents.scans, stamp: contents.stamp, prepared: contents.prepared, parts: contents.parts, lookups: contents.lookups, stamps: contents.stamps });
  await writeOwnFileAtomic(file, `${MARKER}${body.slice(1)}\n`);
}

/** `--cache-location`: a file, or a folder to put the default file in; the default is at the root. */
export function cacheFileFor(location: string | undefined, root: string, cwd: string): string {
  if (location === undefined) return path.join(root, DEFAULT_CACHE_FILE);
  const resolved = path.resolve(cwd, location);
  const isFolder = location.endsWith('/') || location.endsWith(path.sep) || (existsSync(resolved) && statSync(resolved).isDirectory());
  return isFolder ? path.join(resolved, DEFAULT_CACHE_FILE) : resolved;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isStoredPrepassParts(value: unknown): value is StoredPrepassParts {
  const isStoredParts = (parts: unknown): boolean => isRecord(parts) && typeof parts.text === 'string' && isRecord(parts.parts);
  return isRecord(value) && isRecord(value.files) && isRecord(value.tests) && Object.values(value.files).every(isStoredParts) && Object.values(value.tests).every(isStoredParts);
}

function isCachedFile(value: unknown): value is CachedFile {
  if (!isRecord(value) || !isRecord(value.outcome)) return false;
  const outcome = value.outcome;
  return (
    typeof value.text === 'string' &&
    typeof value.module === 'string' &&
    (value.format === null || typeof value.format === 'number') &&
    typeof value.prepared === 'string' &&
    (value.deps === null || typeof value.deps === 'string') &&
    Array.isArray(value.requests) &&
    value.requests.every((request) => Array.isArray(request) && typeof request[0] === 'string') &&
    typeof outcome.file === 'string' &&
    typeof outcome.status === 'string' &&
    Array.isArray(outcome.sites) &&
    Array.isArray(outcome.unusedDirectives) &&
    Array.isArray(outcome.unreasonedDirectives)
  );
}
