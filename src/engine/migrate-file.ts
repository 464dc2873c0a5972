import { ts } from '#typescript';
import { UserError } from './user-error.js';
import type { StandardConfig } from '../config/schema.js';
import { ChangeTracker, type OwnedChange } from './text-changes.js';
import { IgnoreDirectives, type IgnoreDirective } from './ignore-directives.js';
import type { Site } from './site.js';
import { FileStandardBindings } from './standard-bindings.js';
import { ContextNamer, enclosingName } from './context-name.js';
import { PhaseError } from './phase-error.js';
import { dominantEol } from './source-text.js';
import { preferredQuote, stringLiteral } from './string-literal.js';
import type { ErrorCodes, Fixer, ModuleInfo, SiteDescriptor, Transform, TransformContext } from './transform.js';

export interface EnabledTransform {
  readonly transform: Transform;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface MigrateFileInput {
  readonly sourceFile: ts.SourceFile;
  /** Path relative to the root, `/`-separated. */
  readonly fileName: string;
  readonly root: string;
  readonly module: ModuleInfo;
  /** In run order; `import` last. */
  readonly transforms: readonly EnabledTransform[];
  readonly compilerOptions: ts.CompilerOptions;
  readonly standard: StandardConfig;
  readonly checker: () => ts.TypeChecker;
  /** Whether every known transform runs (so an opt-out without ids can be judged stale). */
  readonly allTransformsRun: boolean;
  /** The session's code registry. */
  readonly codes: ErrorCodes;
  /** What the transforms' `prepare` returned, by transform id. */
  readonly prepared?: Readonly<Record<string, unknown>>;
}

/** Something a transform deliberately left as it is, listed in the report (not a finding). */
export interface Note {
  readonly transform: string;
  readonly file: string;
  readonly module: string;
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}

export interface MigrateFileResult {
  readonly sites: Site[];
  /** The migrated text, or undefined when nothing changes. */
  readonly newText: string | undefined;
  /** Whether the file imports the standard after the edits. */
  readonly importsStandard: boolean;
  readonly unusedDirectives: readonly IgnoreDirective[];
  /** Opt-outs without a reason, which are not honoured. */
  readonly unreasonedDirectives: readonly IgnoreDirective[];
  readonly notes: readonly Note[];
  /**
   * The changes taken, per site (`site` indexes `sites`; undefined for a supporting edit, the
   * import), so that verification can re-apply all but the sites it reverts.
   */
  readonly edits: readonly SiteEdit[];
}

/** The text changes of one site, against the original text. */
export interface SiteEdit {
  readonly site: number | undefined;
  readonly changes: readonly OwnedChange[];
  /** The standard's local names the edit uses (`must`), so that reverting it can drop their import. */
  readonly names?: readonly string[];
}

/**
 * A transform's code threw while it analysed one file (the type checker overflowing its stack on a
 * pathological type, say): that file cannot be migrated, the others still can.
 */
export class TransformFailure extends Error {
  constructor(
    /** The transform whose code was running. */
    readonly transform: string,
    override readonly cause: unknown,
  ) {
    super(`the \`${transform}\` analysis failed`, { cause });
    this.name = 'TransformFailure';
  }
}

/**
 * Runs every enabled transform over one file in a single walk and applies the accepted edits
 * once. A site whose edit would overlap another's is left alone and reported as manual. Throws
 * `TransformFailure` when a transform throws (except for errors the user must fix, and failures
 * of a whole phase, which pass through).
 */
export function migrateFile(input: MigrateFileInput): MigrateFileResult {
  const running = { transform: '' };
  try {
    return runTransforms(input, running);
  } catch (error) {
    if (error instanceof UserError || error instanceof PhaseError) throw error;
    throw new TransformFailure(running.transform, error);
  }
}

/** `running.transform` names the transform whose code runs, so that a throw can be attributed to it. */
function runTransforms(input: MigrateFileInput, running: { transform: string }): MigrateFileResult {
  const { sourceFile } = input;
  const tracker = new ChangeTracker();
  const bindings = new FileStandardBindings(sourceFile, input.standard, input.compilerOptions, input.root);
  const firstStatement = sourceFile.statements[0];
  const directives = new IgnoreDirectives(sourceFile.text, firstStatement ? firstStatement.getStart(sourceFile) : sourceFile.text.length);
  const sites: Site[] = [];
  const notes: Note[] = [];
  const edits: SiteEdit[] = [];
  const quote = preferredQuote(sourceFile);
  const eol = dominantEol(sourceFile.text);
  const namer = new ContextNamer(input.module.name, input.fileName);
  let importAdded = false;

  const handlers = new Map<number, Array<(node: ts.Node) => void>>();
  const endHooks: Array<() => void> = [];

  for (const { transform, options } of input.transforms) {
    const report = (descriptor: SiteDescriptor): void => {
      const site = locate(sourceFile, input, transform.id, descriptor);
      const directive = descriptor.supporting ? undefined : directives.match(transform.id, site.line);
      if (directive) {
        sites.push({ ...site, status: 'ignored', reason: directive.reason! });
        return;
      }
      if (descriptor.manual !== undefined || !descriptor.fix) {
        sites.push({ ...site, status: 'manual', reason: descriptor.manual ?? 'no automatic fix' });
        return;
      }
      const rollback = bindings.checkpoint();
      const names: string[] = [];
      const changes = collectChanges(sourceFile, bindings, descriptor.fix, names);
      if (!tracker.tryAddAll(changes)) {
        rollback();
        sites.push({ ...site, status: 'manual', reason: 'its edit overlaps another edit at the same place' });
        return;
      }
      edits.push({ site: descriptor.supporting ? undefined : sites.length, changes, names });
      if (descriptor.supporting) importAdded = true;
      else sites.push({ ...site, status: 'fixable' });
    };
    const context: TransformContext = {
      ts,
      sourceFile,
      fileName: input.fileName,
      module: input.module,
      options,
      prepared: input.prepared?.[transform.id],
      get checker() {
        return input.checker();
      },
      compilerOptions: input.compilerOptions,
      standard: bindings,
      uniqueContextName: (node) => namer.next(node),
      enclosingName: (node) => enclosingName(node, input.module.name, input.fileName),
      stringLiteral: (text) => stringLiteral(text, quote),
      eol,
      report,
      codes: input.codes,
      note: (node, message) => {
        const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
        notes.push({ transform: transform.id, file: input.fileName, module: input.module.name, line, message });
      },
    };
    running.transform = transform.id;
    const visitor = transform.create(context);
    for (const [kind, handler] of Object.entries(visitor)) {
      if (kind === 'onEnd' || typeof handler !== 'function') continue;
      const list = handlers.get(Number(kind)) ?? [];
      list.push((node: ts.Node) => {
        running.transform = transform.id;
        (handler as (node: ts.Node) => void)(node);
      });
      handlers.set(Number(kind), list);
    }
    const { onEnd } = visitor;
    if (onEnd) {
      endHooks.push(() => {
        running.transform = transform.id;
        onEnd();
      });
    }
  }

  const walk = (node: ts.Node): void => {
    const list = handlers.get(node.kind);
    if (list) for (const handler of list) handler(node);
    ts.forEachChild(node, walk);
  };
  if (handlers.size > 0) walk(sourceFile);
  for (const hook of endHooks) hook();

  return {
    sites,
    newText: tracker.isEmpty ? undefined : tracker.apply(sourceFile.text),
    importsStandard: importAdded || bindings.hasExistingImport,
    unusedDirectives: directives.unused(new Set(input.transforms.map((t) => t.transform.id)), input.allTransformsRun),
    unreasonedDirectives: directives.withoutReason(),
    notes,
    edits,
  };
}

function locate(sourceFile: ts.SourceFile, input: MigrateFileInput, transform: string, descriptor: SiteDescriptor) {
  const start = descriptor.node.getStart(sourceFile);
  const end = descriptor.node.getEnd();
  const from = sourceFile.getLineAndCharacterOfPosition(start);
  const to = sourceFile.getLineAndCharacterOfPosition(end);
  return {
    transform,
    file: input.fileName,
    module: input.module.name,
    line: from.line + 1,
    column: from.character + 1,
    endLine: to.line + 1,
    endColumn: to.character + 1,
    message: descriptor.message,
    snippet: sourceFile.text.slice(start, end),
    scope: enclosingName(descriptor.node, input.module.name, input.fileName),
    ...(descriptor.contextName === undefined ? {} : { contextName: descriptor.contextName }),
  };
}

/** Runs a site's fix against a fixer that records changes instead of editing anything. */
function collectChanges(sourceFile: ts.SourceFile, bindings: FileStandardBindings, fix: (fixer: Fixer) => void, names: string[] = []): OwnedChange[] {
  const changes: OwnedChange[] = [];
  const push = (start: number, end: number, text: string, owner?: ts.Node): void => {
    const ownerStart = owner ? owner.getStart(sourceFile) : start;
    const ownerEnd = owner ? owner.getEnd() : end;
    changes.push({ start, end, text, ownerStart, ownerEnd });
  };
  const fixer: Fixer = {
    std: (name) => {
      const local = bindings.localName(name);
      names.push(local);
      return local;
    },
    replace: (node, text) => push(node.getStart(sourceFile), node.getEnd(), text),
    replaceRange: (start, end, text, owner) => push(start, end, text, owner),
    insertBefore: (node, text) => push(node.getStart(sourceFile), node.getStart(sourceFile), text),
    insertAfter: (node, text) => push(node.getEnd(), node.getEnd(), text),
    insertAt: (position, text) => push(position, position, text),
    wrap: (node, before, after) => {
      push(node.getStart(sourceFile), node.getStart(sourceFile), before, node);
      push(node.getEnd(), node.getEnd(), after, node);
    },
  };
  fix(fixer);
  return changes;
}
