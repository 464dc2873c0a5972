import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from '#typescript';
import { textDeclaresGlobals } from '../engine/parallel.js';
import type { ProjectSettings } from '../engine/project.js';
import type { SourceText } from '../engine/source-text.js';
import { digest, fileDigest, type TextDigests } from './hash.js';
import type { RecordedLookups } from './recorded-lookups.js';

/** What a file names as its dependencies, found by scanning its text (kept in the cache by text digest). */
export interface ScannedImports {
  readonly text: string;
  /** Module specifiers: `import`, `export ... from`, `import()`, `require`. */
  readonly modules: readonly string[];
  /** `/// <reference path>` targets. */
  readonly paths: readonly string[];
  /** `/// <reference types>` names. */
  readonly types: readonly string[];
  /** Declarations visible without an import (a script, `declare global`, `declare module`). */
  readonly global: boolean;
  /** Where they resolved to (absolute), when the file system looked as `ImportGraph.stamp` says. */
  readonly edges?: readonly string[];
}

interface GraphNode {
  readonly digest: string;
  readonly edges: readonly string[];
  readonly global: boolean;
}

/**
 * The files whose texts can change what the type checker answers about a file: what it imports,
 * transitively (in the project and in node_modules), and what every file sees without an import
 * (the tsconfig's declaration files, the automatic `@types`, scripts and `declare global` /
 * `declare module` anywhere in the program). Resolved as the program resolves them, again on
 * every run, so a file that appears, moves or disappears changes the answer too.
 *
 * The fingerprint of a file folds in the texts of everything it reaches (a Merkle hash over the
 * graph's strongly connected components, so import cycles are fine): one digest per file,
 * computed in one pass, instead of a list of files per file.
 */
export class ImportGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly closures = new Map<string, string>();
  private resolutionCache: ts.ModuleResolutionCache | undefined;
  private globalsDigest: string | undefined;
  /** What was scanned this run, by absolute path, for the next run's cache. */
  readonly scanned = new Map<string, ScannedImports>();

  constructor(
    private readonly project: ProjectSettings,
    /** The automatic `@types`, kept between runs with what they were read from. */
    private readonly lookups: RecordedLookups,
    /** The files being analysed, by absolute path (read once, by the session; or known by their digest). */
    private readonly sources: ReadonlyMap<string, SourceText>,
    /** Scans of an earlier run, by absolute path: reused when the text is the same. */
    private readonly earlierScans: ReadonlyMap<string, ScannedImports>,
    /** Where the program starts: the files being analysed. */
    private readonly roots: readonly string[],
    /**
     * Whether the earlier scans' resolutions still hold: the set of files being analysed, the
     * tsconfig's file list and the lockfiles are as they were (see `fileSystemStamp`).
     */
    private readonly resolutionsHold: boolean,
    private readonly digests: TextDigests,
  ) {}

  /** The digest of a file's text and of every text it reaches, and of what all files see. */
  dependencyDigest(file: string): string {
    return digest(this.closureOf(path.resolve(file)), this.globals());
  }

  /** The files `file` imports or references, resolved (absolute). */
  importsOf(file: string): readonly string[] {
    return this.node(path.resolve(file)).edges;
  }

  /** Files of the program that declare globals or augment modules: the program needs them when the files that import them are not analysed. */
  globalFiles(): string[] {
    this.globals();
    return [...this.nodes].filter(([, node]) => node.global).map(([file]) => file);
  }

  private globals(): string {
    if (this.globalsDigest !== undefined) return this.globalsDigest;
    const always = [...this.project.declarationFiles.map((file) => path.resolve(file)), ...this.lookups.automaticTypes(this.project.options)];
    for (const file of [...this.roots, ...always]) this.closureOf(path.resolve(file));
    const seenEverywhere = new Set(always);
    for (const [file, node] of this.nodes) if (node.global) seenEverywhere.add(file);
    this.globalsDigest = digest(...[...seenEverywhere].sort().map((file) => `${file}:${this.closureOf(file)}`));
    return this.globalsDigest;
  }

  private node(file: string): GraphNode {
    let node = this.nodes.get(file);
    if (node) return node;
    const source = this.sources.get(file);
    const text = source ? undefined : readText(file);
    if (!source && text === undefined) {
      node = { digest: 'missing', edges: [], global: false };
    } else {
      const scan = source ? this.scan(file, source.digest ?? this.digests.of(source.text), () => source.text) : this.scan(file, this.digests.of(text!), () => text!);
      const edges = this.resolutionsHold && scan.edges ? scan.edges : this.resolve(file, scan);
      this.scanned.set(file, { ...scan, edges });
      node = { digest: scan.text, edges, global: scan.global };
    }
    this.nodes.set(file, node);
    return node;
  }

  /** What a file imports: the earlier scan when its text has the same digest, else scanned from `text()`. */
  private scan(file: string, textDigest: string, text: () => string): ScannedImports {
    const earlier = this.earlierScans.get(file);
    let scan: ScannedImports;
    if (earlier && earlier.text === textDigest) scan = earlier;
    else {
      const info = ts.preProcessFile(text(), /* readImportFiles */ true, /* detectJavaScriptImports */ true);
      scan = {
        text: textDigest,
        modules: info.importedFiles.map((f) => f.fileName),
        paths: info.referencedFiles.map((f) => f.fileName),
        types: info.typeReferenceDirectives.map((f) => f.fileName),
        global: textDeclaresGlobals(text()),
      };
    }
    return scan;
  }

  private resolve(file: string, scan: ScannedImports): string[] {
    const options = this.project.options;
    const canonical = ts.sys.useCaseSensitiveFileNames ? (name: string) => name : (name: string) => name.toLowerCase();
    this.resolutionCache ??= ts.createModuleResolutionCache(ts.sys.getCurrentDirectory(), canonical, options);
    const kind = options.moduleResolution;
    // Where `import` and `require` may resolve differently (package.json "exports" conditions), follow both.
    const bothModes = kind === undefined || kind === ts.ModuleResolutionKind.Node16 || kind === ts.ModuleResolutionKind.NodeNext || kind === ts.ModuleResolutionKind.Bundler;
    const targets = new Set<string>();
    const add = (target: string | undefined): void => {
      if (target !== undefined) targets.add(path.resolve(target));
    };
    const modes = bothModes ? [ts.ModuleKind.ESNext, ts.ModuleKind.CommonJS] : [undefined];
    const specifiers = [...scan.modules, ...this.implicitImports(file)];
    for (const specifier of specifiers) {
      for (const mode of modes) {
        add(ts.resolveModuleName(specifier, file, options, ts.sys, this.resolutionCache, undefined, mode as ts.ResolutionMode).resolvedModule?.resolvedFileName);
      }
    }
    for (const reference of scan.paths) {
      const target = path.resolve(path.dirname(file), reference);
      add([target, `${target}.ts`, `${target}.d.ts`].find((candidate) => ts.sys.fileExists(candidate)));
    }
    for (const name of scan.types) add(ts.resolveTypeReferenceDirective(name, file, options, ts.sys).resolvedTypeReferenceDirective?.resolvedFileName);
    targets.delete(file);
    return [...targets].sort();
  }

  /** The JSX runtime that `react-jsx` makes every `.tsx`/`.jsx` file import without saying so. */
  private implicitImports(file: string): string[] {
    const { jsx, jsxImportSource } = this.project.options;
    if (!/\.[jt]sx$/.test(file)) return [];
    if (jsx === ts.JsxEmit.ReactJSX) return [`${jsxImportSource ?? 'react'}/jsx-runtime`];
    if (jsx === ts.JsxEmit.ReactJSXDev) return [`${jsxImportSource ?? 'react'}/jsx-dev-runtime`];
    return [];
  }

  /**
   * Tarjan's algorithm without recursion (a long chain of imports must not overflow the stack):
   * each component's digest is its members' texts and the digests of the components it reaches.
   */
  private closureOf(start: string): string {
    const known = this.closures.get(start);
    if (known !== undefined) return known;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const work: Array<{ file: string; next: number }> = [{ file: start, next: 0 }];
    index.set(start, 0);
    low.set(start, 0);
    stack.push(start);
    onStack.add(start);
    let counter = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = this.node(frame.file).edges;
      if (frame.next < edges.length) {
        const target = edges[frame.next++]!;
        if (this.closures.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter);
          counter++;
          stack.push(target);
          onStack.add(target);
          work.push({ file: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.file, Math.min(low.get(frame.file)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.file, Math.min(low.get(parent.file)!, low.get(frame.file)!));
      if (low.get(frame.file) !== index.get(frame.file)) continue;
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.file);
      const inside = new Set(members);
      const reached = new Set<string>();
      for (const m of members) for (const target of this.node(m).edges) if (!inside.has(target)) reached.add(this.closures.get(target)!);
      const componentDigest = digest(...members.sort().map((m) => `${m}:${this.node(m).digest}`), '->', ...[...reached].sort());
      for (const m of members) this.closures.set(m, componentDigest);
    }
    return this.closures.get(start)!;
  }
}

/**
 * What resolution depends on besides the texts, as `tsc --build` trusts it: the files being
 * analysed, the files the tsconfig lists, and the lockfiles (an install changes node_modules).
 * While it holds, a file whose text has not changed keeps its resolved imports.
 */
export function fileSystemStamp(root: string, analysed: readonly string[], programFiles: readonly string[] | undefined): string {
  const lockfiles = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'node_modules/.package-lock.json', 'node_modules/.modules.yaml'].map(
    (name) => `${name}:${fileDigest(path.join(root, name)) ?? ''}`,
  );
  return digest(...[...analysed].sort(), '--', ...[...(programFiles ?? [])].sort(), '--', ...lockfiles);
}

/** A file's text as the compiler reads it (a byte order mark dropped); undefined when it cannot be read. */
function readText(file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  // UTF-16 is rare in declaration files; the compiler decodes it.
  if (bytes.length >= 2 && ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe))) return ts.sys.readFile(file);
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}
