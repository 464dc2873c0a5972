import path from 'node:path';
import { ts } from 'ts-morph';
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
  readonly specifier: string;
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
    this.specifier = standardSpecifier(config, root, sourceFile.fileName, compilerOptions);
    let mergeTarget: ts.NamedImports | undefined;
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (!this.refersToStandard(statement.moduleSpecifier.text)) continue;
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
    if (this.config.package) return specifier === this.config.package;
    if (!specifier.startsWith('.') || !this.config.path) return false;
    const target = withoutExtension(path.resolve(path.dirname(this.sourceFile.fileName), specifier));
    const standard = withoutExtension(path.resolve(this.root, this.config.path));
    return target === standard || (path.basename(standard) === 'index' && target === path.dirname(standard));
  }
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

/** The module specifier a file uses to import the standard: the package, or a relative path. */
export function standardSpecifier(config: StandardConfig, root: string, fileName: string, options: ts.CompilerOptions): string {
  if (config.package) return config.package;
  const target = path.resolve(root, config.path);
  let relative = path.relative(path.dirname(fileName), target).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  if (needsExplicitExtension(options, fileName)) {
    return relative.replace(/\.tsx?$/, '.js').replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs');
  }
  return withoutExtension(relative).replace(/\/index$/, '') || '.';
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
