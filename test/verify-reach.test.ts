import path from 'node:path';
import { ts } from '#typescript';
import { describe, expect, it } from 'vitest';
import type { SiteEdit } from '../src/engine/migrate-file.js';
import { editsStayInBodies } from '../src/engine/verify/body-edits.js';
import { editedDeclarations } from '../src/engine/verify/edited-declarations.js';
import { filesToCheck, type EditHints } from '../src/engine/verify/reach.js';

/**
 * Which files the check after the edits looks at, in-process over programs held in memory: the
 * rule is the compiler's (`.d.ts` shapes, global scope), so these programs are real ones.
 */
const ROOT = path.resolve('/project');
const OPTIONS: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true, types: [] };
const at = (file: string): string => path.join(ROOT, file);

function programOf(files: Record<string, string>, oldProgram?: ts.Program): ts.Program {
  const host = ts.createCompilerHost(OPTIONS);
  const texts = new Map(Object.entries(files).map(([file, text]) => [at(file), text]));
  const original = { getSourceFile: host.getSourceFile.bind(host), fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host) };
  host.fileExists = (name) => texts.has(path.resolve(name)) || original.fileExists(name);
  host.readFile = (name) => texts.get(path.resolve(name)) ?? original.readFile(name);
  host.directoryExists = (name) => path.resolve(name) === ROOT || ts.sys.directoryExists(name);
  host.getSourceFile = (name, version) => {
    const text = texts.get(path.resolve(name));
    return text === undefined ? original.getSourceFile(name, version) : ts.createSourceFile(name, text, version, true);
  };
  return ts.createProgram({ rootNames: [...texts.keys()], options: OPTIONS, host, ...(oldProgram ? { oldProgram } : {}) });
}

/** One edit replacing `from` (its first occurrence) with `to`, and the hints `run` derives from it. */
function edit(text: string, from: string, to: string, names: readonly string[] = []): { text: string; edits: SiteEdit[] } {
  const start = text.indexOf(from);
  return { text: text.slice(0, start) + to + text.slice(start + from.length), edits: [{ site: 0, changes: [{ start, end: start + from.length, text: to }], names }] };
}

function reach(files: Record<string, string>, file: string, from: string, to: string, useHints = true): { files: string[]; everything: boolean } {
  const previous = programOf(files);
  const edited = edit(files[file]!, from, to);
  const next = programOf({ ...files, [file]: edited.text }, previous);
  const original = previous.getSourceFile(at(file))!;
  const hints: EditHints = {
    keepsDeclarations: () => useHints && editsStayInBodies(original, edited.edits),
    editedDeclarations: () => (useHints ? editedDeclarations(original, edited.edits) : undefined),
  };
  const result = filesToCheck(previous, next, [at(file)], hints);
  return { files: [...result.files].map((f) => path.relative(ROOT, f)).sort(), everything: result.everything };
}

const MODULES = {
  'a.ts': "export function first(xs: string[]): string {\n  return xs[0]!;\n}\nexport function answer() {\n  return 'yes';\n}\nexport function count(xs: number[]) {\n  return xs[1]!;\n}\n",
  'b.ts': "import { answer } from './a.js';\n\nexport const shout = () => answer().toUpperCase();\n",
  'c.ts': "import { shout } from './b.js';\n\nexport const loud = shout();\n",
  'd.ts': 'export const alone = 1;\n',
};

describe('the files the check after the edits looks at', () => {
  it('is the edited file alone when the edit stays in a body whose return type is written out', () => {
    expect(editsStayInBodies(programOf(MODULES).getSourceFile(at('a.ts'))!, edit(MODULES['a.ts'], 'xs[0]!', 'must(xs[0])').edits)).toBe(true);
    expect(reach(MODULES, 'a.ts', 'xs[0]!', 'xs[0] ?? ""')).toEqual({ files: ['a.ts'], everything: false });
  });

  it('is the edited file alone when the edited declaration\'s inferred type reads the same', () => {
    expect(reach(MODULES, 'a.ts', 'xs[1]!', '(xs[1] ?? 0)')).toEqual({ files: ['a.ts'], everything: false });
  });

  it('adds the files that import it, transitively, when an inferred type changes', () => {
    expect(reach(MODULES, 'a.ts', "return 'yes'", 'return 42')).toEqual({ files: ['a.ts', 'b.ts', 'c.ts'], everything: false });
    // The same answer from the whole file's declarations, without the hints.
    expect(reach(MODULES, 'a.ts', "return 'yes'", 'return 42', false)).toEqual({ files: ['a.ts', 'b.ts', 'c.ts'], everything: false });
  });

  it('is every file when a script becomes a module', () => {
    const files = { 'globals.ts': 'function shout(s: string): string {\n  return s.toUpperCase();\n}\n', 'uses.ts': "export const loud = shout('a');\n", 'd.ts': 'export const alone = 1;\n' };
    expect(reach(files, 'globals.ts', 'function shout', "import { alone } from './d.js';\nfunction shout")).toEqual({ files: ['d.ts', 'globals.ts', 'uses.ts'], everything: true });
  });

  it('is every file when a file that declares globals changes its declarations, and the file alone when it does not', () => {
    const files = {
      'env.ts': "declare global {\n  var mode: string;\n}\nexport function level() {\n  return 'low';\n}\n",
      'uses.ts': 'export const upper = mode.toUpperCase();\n',
      'd.ts': 'export const alone = 1;\n',
    };
    expect(reach(files, 'env.ts', "return 'low'", 'return 0')).toEqual({ files: ['d.ts', 'env.ts', 'uses.ts'], everything: true });
    expect(reach(files, 'env.ts', "return 'low'", "return 'high'")).toEqual({ files: ['env.ts'], everything: false });
  });
});

describe('what the syntax says of an edit', () => {
  const parse = (text: string): ts.SourceFile => ts.createSourceFile(at('x.ts'), text, ts.ScriptTarget.Latest, true);

  it('keeps the declarations only inside a body whose type is written out (not a constructor\'s, not at the top level)', () => {
    const keeps = (text: string, from: string, names: readonly string[] = []): boolean => editsStayInBodies(parse(text), edit(text, from, 'must(x)', names).edits);
    expect(keeps('export const f = (x?: string): string => x!;\n', 'x!')).toBe(true);
    expect(keeps('export const f = (x?: string) => x!;\n', 'x!')).toBe(false);
    expect(keeps('declare const x: string | undefined;\nexport const v = x!;\n', 'x!')).toBe(false);
    expect(keeps('export class C {\n  v;\n  constructor(x?: string) {\n    this.v = x!;\n  }\n}\n', 'x!')).toBe(false);
    expect(keeps('export function f(x?: string, y = x!): string {\n  return y;\n}\n', 'x!')).toBe(false);
    // `must` already means something in the file: the import would change it.
    expect(keeps('export function f(x?: string): string {\n  return x!;\n}\n', 'x!', ['must'])).toBe(true);
    expect(keeps('import { must } from "./m.js";\nexport function f(x?: string): string {\n  return x!;\n}\n', 'x!', ['must'])).toBe(false);
  });

  it('names the outer declarations that hold the edits, or none for a top-level statement', () => {
    const text = 'declare const x: string | undefined;\nexport const api = {\n  get() {\n    return x!;\n  },\n};\nconsole.log(x!);\n';
    expect(editedDeclarations(parse(text), edit(text, 'return x!', 'return must(x)').edits)).toEqual([{ kind: ts.SyntaxKind.MethodDeclaration, before: text.indexOf('get()'), after: text.indexOf('get()') }]);
    expect(editedDeclarations(parse(text), edit(text, 'log(x!)', 'log(must(x))').edits)).toBeUndefined();
  });
});
