import { existsSync } from 'node:fs';
import path from 'node:path';
import { ts } from '#typescript';
import { UserError } from './user-error.js';
import type { StandardConfig } from '../config/schema.js';
import type { StandardExport } from '../standard/exports.js';
import type { StandardBindings } from './transform.js';

export interface PendingImport {
  /** The name the standard module exports (after the config's name map). */
  readonly exported: string;
  readonly local: string;
}

/**
 * How one file refers to the standard: names it already imports are reused, a namespace import
 * is used as `ns.name`, and a new name that would collide with anything the file declares or
 * references gets an alias (`must as verrorsMust`), so an edit never shadows a local name.
 */
export class FileStandardBindings implements StandardBindings {
  readonly used = new Map<StandardExport, string>();
  /** Names to add to the file's import, in first-use order. */
  readonly pending: PendingImport[] = [];
  /** An existing `import { ... } from '<standard>'` to merge new names into. */
  readonly mergeTarget: ts.NamedImports | undefined;
  private chosenSpecifier: string | undefined;
  private readonly imported = new Map<string, string>();
  private namespaceLocal: string | undefined;
  private namespacePending = false;
  private takenNames: Set<string> | undefined;
  private existingImport = false;

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly config: StandardConfig,
    private readonly compilerOptions: ts.CompilerOptions,
    private readonly root: string,
  ) {
    let mergeTarget: ts.NamedImports | undefined;
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (!this.refersToStandard(statement.moduleSpecifier.text)) continue;
      // `'../errors'` names the standard's folder, yet reaches `errors.ts` where there is one.
      if (!config.package && !reachesStandard(statement.moduleSpecifier.text, sourceFile.fileName, config, root, compilerOptions)) continue;
      this.existingImport = true;
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) this.namespaceLocal = bindings.name.text;
      if (bindings && ts.isNamedImports(bindings)) {
        mergeTarget ??= bindings;
        for (const element of bindings.elements) {
          if (element.isTypeOnly) continue;
          this.imported.set((element.propertyName ?? element.name).text, element.name.text);
        }
      }
    }
    this.mergeTarget = mergeTarget;
  }

  /** Asked only by a file that gets a new import: resolving it costs a look at the disk. */
  get specifier(): string {
    return (this.chosenSpecifier ??= standardSpecifier(this.config, this.root, this.sourceFile.fileName, this.compilerOptions));
  }

  /** Whether the file already imported anything from the standard before any edit. */
  get hasExistingImport(): boolean {
    return this.existingImport;
  }

  get pendingNamespace(): string | undefined {
    return this.namespacePending ? this.namespaceLocal : undefined;
  }

  /** Remembers the bindings so that a site whose edit is refused leaves no unused import. */
  checkpoint(): () => void {
    const used = new Map(this.used);
    const imported = new Map(this.imported);
    const pending = this.pending.length;
    const namespaceLocal = this.namespaceLocal;
    const namespacePending = this.namespacePending;
    return () => {
      this.used.clear();
      for (const [name, local] of used) this.used.set(name, local);
      this.imported.clear();
      for (const [name, local] of imported) this.imported.set(name, local);
      this.pending.length = pending;
      this.namespaceLocal = namespaceLocal;
      this.namespacePending = namespacePending;
    };
  }

  exportedName(name: StandardExport): string {
    return this.config.names[name] ?? name;
  }

  localName(name: StandardExport): string {
    const known = this.used.get(name);
    if (known) return known;
    const exported = this.exportedName(name);
    const local = this.resolveLocal(exported);
    this.used.set(name, local);
    return local;
  }

  private resolveLocal(exported: string): string {
    const existing = this.imported.get(exported);
    if (existing) return existing;
    if (this.namespaceLocal) return `${this.namespaceLocal}.${exported}`;
    if (this.config.importStyle === 'namespace') {
      this.namespaceLocal = this.freeName(this.config.namespace, this.config.namespace);
      this.namespacePending = true;
      return `${this.namespaceLocal}.${exported}`;
    }
    const local = this.freeName(exported, `verrors${exported[0]!.toUpperCase()}${exported.slice(1)}`);
    this.imported.set(exported, local);
    this.pending.push({ exported, local });
    return local;
  }

  /** `wanted` when free, else `alias`, else `alias2`, `alias3`, ... */
  private freeName(wanted: string, alias: string): string {
    const taken = (this.takenNames ??= collectIdentifierNames(this.sourceFile));
    if (!taken.has(wanted)) return reserve(taken, wanted);
    const base = alias;
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}${n}`;
    return reserve(taken, candidate);
  }

  private refersToStandard(specifier: string): boolean {
    return refersToStandard(specifier, this.sourceFile.fileName, this.config, this.root);
  }
}

/** Whether an import specifier written in `fromFile` names the standard module (by its path, not by resolution). */
export function refersToStandard(specifier: string, fromFile: string, config: StandardConfig, root: string): boolean {
  if (config.package) return specifier === config.package;
  if (!specifier.startsWith('.') || !config.path) return false;
  const target = withoutExtension(path.resolve(path.dirname(fromFile), specifier));
  const standard = withoutExtension(path.resolve(root, config.path));
  return target === standard || (path.basename(standard) === 'index' && target === path.dirname(standard));
}

function reserve(taken: Set<string>, name: string): string {
  taken.add(name);
  return name;
}

/** Every identifier the file declares or references; property names after a dot cannot collide. */
function collectIdentifierNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      if (!(parent && ts.isPropertyAccessExpression(parent) && parent.name === node)) names.add(node.text);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}

function withoutExtension(file: string): string {
  return file.replace(/\.(d\.)?[cm]?[tj]sx?$/, '');
}

/**
 * The module specifier a file uses to import the standard: the package, or a relative path that
 * the project's own module resolution takes to the standard module. The shortest form comes first
 * (`'../errors'`); where another file would take it (`src/errors.ts` beside `src/errors/`), the
 * index is named (`'../errors/index'`, `'../errors/index.js'`). Before `init` writes the module, a
 * specifier that reaches nothing is the one that will reach it.
 */
export function standardSpecifier(config: StandardConfig, root: string, fileName: string, options: ts.CompilerOptions): string {
  if (config.package) return config.package;
  const explicitExtension = needsExplicitExtension(options, fileName);
  const resolution = resolutionFor(options);
  const key = `${path.dirname(fileName)}\0${explicitExtension}\0${path.extname(fileName)}`;
  const known = resolution.specifiers.get(key);
  if (known !== undefined) return known;
  const target = path.resolve(root, config.path);
  let relative = path.relative(path.dirname(fileName), target).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  const runtime = relative.replace(/\.tsx?$/, '.js').replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs');
  const bare = withoutExtension(relative);
  const candidates = explicitExtension ? [runtime] : [...new Set([bare.replace(/\/index$/, '') || '.', bare, runtime])];
  const reached = candidates.map((specifier) => ({ specifier, file: resolution.resolve(specifier, fileName) }));
  const chosen = reached.find(({ file }) => isStandardFile(file, target));
  if (!chosen) {
    const taken = reached.find(({ file }) => file !== undefined);
    throw new UserError(
      `${path.relative(root, fileName).split(path.sep).join('/')}: no import reaches the standard module ${config.path} from here ` +
        `(tried ${candidates.map((c) => `'${c}'`).join(', ')}${taken ? `; '${taken.specifier}' reaches ${path.relative(root, taken.file!).split(path.sep).join('/')}` : ''}). ` +
        'Move the standard module where its imports cannot be taken (`migrate-errors init --dir <folder>`) and set "standard.path", or set "standard.package".',
    );
  }
  resolution.specifiers.set(key, chosen.specifier);
  return chosen.specifier;
}

/** Whether `specifier`, written in `fileName`, reaches the standard module by the project's own resolution. */
export function reachesStandard(specifier: string, fileName: string, config: StandardConfig, root: string, options: ts.CompilerOptions): boolean {
  return isStandardFile(resolutionFor(options).resolve(specifier, fileName), path.resolve(root, config.path));
}

/** The resolved file is the standard module; before `init` writes it, reaching nothing is reaching it. */
function isStandardFile(resolved: string | undefined, target: string): boolean {
  if (!existsSync(target)) return resolved === undefined;
  return resolved !== undefined && samePath(resolved, target);
}

interface Resolution {
  /** The specifier chosen per folder (and file kind): files of one folder share it. */
  readonly specifiers: Map<string, string>;
  resolve(specifier: string, fromFile: string): string | undefined;
}

/** One resolution cache per set of compiler options: one per session. */
const resolutions = new WeakMap<ts.CompilerOptions, Resolution>();

function resolutionFor(options: ts.CompilerOptions): Resolution {
  const known = resolutions.get(options);
  if (known) return known;
  const canonical = (file: string): string => (ts.sys.useCaseSensitiveFileNames ? file : file.toLowerCase());
  const cache = ts.createModuleResolutionCache(process.cwd(), canonical, options);
  const resolution: Resolution = {
    specifiers: new Map(),
    resolve(specifier, fromFile) {
      const mode = ts.getImpliedNodeFormatForFile(fromFile, cache.getPackageJsonInfoCache(), ts.sys, options);
      const resolved = ts.resolveModuleName(specifier, fromFile, options, ts.sys, cache, undefined, mode).resolvedModule;
      return resolved?.resolvedFileName;
    },
  };
  resolutions.set(options, resolution);
  return resolution;
}

function samePath(a: string, b: string): boolean {
  const real = (file: string): string => (ts.sys.realpath ? ts.sys.realpath(path.resolve(file)) : path.resolve(file));
  return path.resolve(a) === path.resolve(b) || real(a) === real(b);
}

/** Node16/NodeNext resolution requires the runtime extension on relative imports of ES modules. */
function needsExplicitExtension(options: ts.CompilerOptions, fileName: string): boolean {
  const resolution = options.moduleResolution ?? defaultResolution(options.module);
  if (resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext) return true;
  return /\.m[tj]s$/.test(fileName);
}

function defaultResolution(module: ts.ModuleKind | undefined): ts.ModuleResolutionKind | undefined {
  if (module === ts.ModuleKind.Node16) return ts.ModuleResolutionKind.Node16;
  if (module === ts.ModuleKind.NodeNext || module === ts.ModuleKind.Node18 || module === ts.ModuleKind.Node20) {
    return ts.ModuleResolutionKind.NodeNext;
  }
  return undefined;
}
