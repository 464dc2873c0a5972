import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileEdits } from '../src/engine/verify/file-edits.js';
import { withoutImportedNames } from '../src/engine/verify/unused-imports.js';
import { runCli } from './helpers/cli.js';
import { readJson } from './helpers/report.js';
import { smallRepo } from './helpers/small-repo.js';

const IMPORT = "import { must } from '../errors/index.js';\n\n";

/**
 * A team's own transform (loaded through "plugins") that breaks types on purpose: it turns the
 * string literal 'BREAK_ME' into the number 42. It proves that the type check catches what any
 * transform gets wrong, not only the built-in ones.
 */
const BREAKING_PLUGIN = `
export default {
  id: 'break-types',
  description: 'turn the string BREAK_ME into a number',
  needsTypes: false,
  create(context) {
    return {
      [context.ts.SyntaxKind.StringLiteral](node) {
        if (node.text !== 'BREAK_ME') return;
        context.report({ node, message: 'BREAK_ME', fix: (fixer) => fixer.replace(node, '42') });
      },
    };
  },
};
`;

const NARROWED = [
  'interface Column { name: string; referencedColumn?: Column; createValueMap(): void }',
  '',
  'export function refer(column: Column): void {',
  '  if (column.referencedColumn!.referencedColumn) {',
  '    column.referencedColumn!.referencedColumn.createValueMap();',
  '  }',
  '}',
  '',
  "export const first = (xs: string[]): string => xs[0]!;",
  '',
].join('\n');
const NARROWED_REASON =
  'TypeScript narrowed `column.referencedColumn!.referencedColumn` in the enclosing `if`; `must()` returns a value that the check does not narrow: ' +
  "hoist it into a local or opt it out (TS2532: Object is possibly 'undefined'.)";

// `x!` also tells the compiler that `x` is assigned; `must(x, 'x')` reads it, which it may not be.
const DEFINITE = "export function late(flag: boolean): string {\n  let x: string;\n  if (flag) x = 'a';\n  return x!;\n}\nexport const second = (xs: string[]): string => xs[1]!;\n";

describe('run verifies by default, site by site', () => {
  const repo = smallRepo({
    'migrate-errors.config.json': '{ "plugins": ["./tools/break-types.mjs"], "report": "report.md" }\n',
    'tools/break-types.mjs': BREAKING_PLUGIN,
    'src/app/column.ts': NARROWED,
    'src/app/late.ts': DEFINITE,
    // Its only must() is reverted; its typed throw stays, and so does only that name's import.
    'src/app/mixed.ts': "export function load(flag: boolean): string {\n  let x: string;\n  if (flag) x = 'a';\n  if (!flag) throw new Error('not loaded');\n  return x!;\n}\n",
    // Its edit is fine in itself but changes the return type that an unchanged file relies on.
    'src/app/answer.ts': "export function answer() {\n  return 'BREAK_ME';\n}\nexport const third = (xs: string[]): string => xs[2]!;\n",
    'src/app/use-answer.ts': "import { answer } from './answer.js';\n\nexport const shout: string = answer().toUpperCase();\n",
    // Analysed (through --include) but outside the tsconfig's program: checked once, in the same program.
    'knip.ts': "export const fourth = (xs: string[]): string => xs[3]!;\n",
  });
  const result = runCli(['run', '--include', 'src/**/*.ts', '--include', 'knip.ts'], repo);
  const read = (file: string): string => readFileSync(path.join(repo, file), 'utf8');

  it('reverts the narrowed check and its use together, with the reason, and keeps the file\'s other edits', () => {
    expect(read('src/app/column.ts')).toBe(IMPORT + NARROWED.replace("xs[0]!", "must(xs[0], 'xs[0]')"));
    expect(result.stdout).toContain(`reverted src/app/column.ts:4:7 (non-null): ${NARROWED_REASON}\n`);
    expect(result.stdout).toContain(`reverted src/app/column.ts:5:5 (non-null): ${NARROWED_REASON}\n`);
  });

  it('reverts a site whose must() the compiler reads differently, quoting the diagnostic', () => {
    expect(read('src/app/late.ts')).toBe(IMPORT + DEFINITE.replace('xs[1]!', "must(xs[1], 'xs[1]')"));
    expect(result.stdout).toContain(
      "reverted src/app/late.ts:4:10 (non-null): the type check rejects its edit (TS2454: Variable 'x' is used before being assigned.); migrate it by hand or opt it out\n",
    );
  });

  it('drops the import of a name that only reverted sites used', () => {
    const mixed = read('src/app/mixed.ts');
    expect(mixed).toMatch(/^import \{ InternalError \} from '\.\.\/errors\/index\.js';\n\n/);
    expect(mixed).toContain('  return x!;\n');
    expect(mixed).not.toContain("throw new Error('not loaded')");
  });

  it('traces a new diagnostic in an unchanged file to the site in the file it imports', () => {
    expect(read('src/app/answer.ts')).toBe(`${IMPORT}export function answer() {\n  return 'BREAK_ME';\n}\nexport const third = (xs: string[]): string => must(xs[2], 'xs[2]');\n`);
    expect(read('src/app/use-answer.ts')).toBe("import { answer } from './answer.js';\n\nexport const shout: string = answer().toUpperCase();\n");
    expect(result.stdout).toContain(
      "reverted src/app/answer.ts:2:10 (break-types): its edit adds a type error in src/app/use-answer.ts:3:39 (TS2339: Property 'toUpperCase' does not exist on type 'number'.); migrate it by hand or opt it out\n",
    );
  });

  it('checks a file outside the tsconfig\'s program without crashing, and exits 1 with the counts', () => {
    expect(result.stderr).toBe('');
    expect(read('knip.ts')).toBe("import { must } from './src/errors/index.js';\n\nexport const fourth = (xs: string[]): string => must(xs[3], 'xs[3]');\n");
    expect(result.code).toBe(1);
    // The five edited files, and use-answer.ts, which sees answer()'s return type change.
    expect(result.stdout).toContain('Type-check of the 6 file(s) the edits can affect: 0 error(s) before, 0 after.\n');
    expect(result.stdout).toContain('Migrated 5 of 6 files: 4 non-null, 1 typed-throw. 5 manual site(s), 0 ignored; report: ');
  });

  it('lists the reverted sites in the report, as manual sites and under "Build validation"', () => {
    const report = readJson(repo, 'report.json');
    expect(report.buildValidation).toMatchObject({ typeChecked: true, filesChecked: 6, diagnosticsBefore: 0, diagnosticsAfter: 0, rolledBack: [] });
    expect(report.buildValidation.revertedSites.map((r: { file: string; line: number; transform: string }) => `${r.file}:${r.line} ${r.transform}`)).toEqual([
      'src/app/column.ts:4 non-null',
      'src/app/column.ts:5 non-null',
      'src/app/late.ts:4 non-null',
      'src/app/mixed.ts:5 non-null',
      'src/app/answer.ts:2 break-types',
    ]);
    expect(report.manual.find((m: { file: string; line: number }) => m.file === 'src/app/column.ts' && m.line === 5).reason).toBe(NARROWED_REASON);
    const markdown = read('report.md');
    expect(markdown).toContain('| Build validation | type errors before 0, after 0 in 6 file(s) the edits can affect; 5 site(s) reverted, 0 file(s) rolled back |');
    expect(markdown).toContain(`| \`src/app/column.ts:5\` | \`non-null\` | ${NARROWED_REASON} |`);
  });
});

describe('run on a project that has type errors before it migrates', () => {
  const EDITED = "export const count: number = 'one';\nexport const first = (xs: string[]): string => xs[0]!;\n";
  // Unedited; it imports the edited file, whose declarations the edit leaves as they were
  // (`first` has its type written out), so it has the error it had and is not checked again.
  const UNEDITED = "import { first } from './edited.js';\n\nexport const size: number = first(['a']);\n";
  const repo = smallRepo({ 'src/app/edited.ts': EDITED, 'src/app/unedited.ts': UNEDITED });
  const result = runCli(['run', '--verify'], repo);
  const read = (file: string): string => readFileSync(path.join(repo, file), 'utf8');

  it('blames neither the error in an edited file nor the one in a file whose imports keep their declarations', () => {
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Type-check of the 1 file(s) the edits can affect: 1 error(s) before, 1 after.\n');
    expect(result.stdout).not.toContain('reverted');
    expect(read('src/app/edited.ts')).toBe(IMPORT + EDITED.replace('xs[0]!', "must(xs[0], 'xs[0]')"));
    expect(read('src/app/unedited.ts')).toBe(UNEDITED);
    expect(result.code).toBe(0);
  });
});

describe('run on a script whose declarations other files use as globals', () => {
  // No import or export: `shout` is global. The standard's import would make it a module.
  const SCRIPT = "function shout(s: string): string {\n  return s.toUpperCase();\n}\nconst firstOf = (xs: string[]): string => xs[0]!;\n";
  const USES = "export const loud: string = shout('a');\nexport const last = (xs: string[]): string => xs[9]!;\n";
  const repo = smallRepo({ 'src/app/globals.ts': SCRIPT, 'src/app/uses.ts': USES });
  const result = runCli(['run'], repo);
  const read = (file: string): string => readFileSync(path.join(repo, file), 'utf8');

  it('checks every file, and reverts the edit that took the global away', () => {
    expect(result.stderr).toBe('');
    expect(read('src/app/globals.ts')).toBe(SCRIPT);
    expect(read('src/app/uses.ts')).toBe(IMPORT + USES.replace('xs[9]!', "must(xs[9], 'xs[9]')"));
    // Every file of the program: the two, and the standard module.
    expect(result.stdout).toContain('Type-check of the 3 file(s) the edits can affect: 0 error(s) before, 0 after.\n');
    expect(result.stdout).toContain(
      "reverted src/app/globals.ts:4:43 (non-null): its edit adds a type error in src/app/uses.ts:2:33 (TS2304: Cannot find name 'shout'.); migrate it by hand or opt it out\n",
    );
    expect(result.code).toBe(1);
  });
});

describe('run --no-verify', () => {
  it('writes every edit unchecked, exits 0, and the report says the check was skipped', () => {
    const repo = smallRepo({ 'migrate-errors.config.json': '{ "report": "report.md" }\n', 'src/app/column.ts': NARROWED });
    const result = runCli(['run', '--no-verify'], repo);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('Type-check');
    expect(readFileSync(path.join(repo, 'src/app/column.ts'), 'utf8')).toContain("if (must(column.referencedColumn, 'column.referencedColumn').referencedColumn) {");
    expect(readJson(repo, 'report.json').buildValidation).toBeNull();
    expect(readFileSync(path.join(repo, 'report.md'), 'utf8')).toContain('| Build validation | not run (`--no-verify`) |');
  });
});

describe('a subset of a file\'s edits', () => {
  it('leaves out of the import the names only reverted sites used', () => {
    expect(withoutImportedNames("\nimport { detach, must } from '../errors/index.js';", new Set(['must']))).toBe("\nimport { detach } from '../errors/index.js';");
    expect(withoutImportedNames('\nconst { must: m, safeGo } = require("x");', new Set(['m']))).toBe('\nconst { safeGo } = require("x");');
    expect(withoutImportedNames(', must as m2, detach', new Set(['m2']))).toBe(', detach');
    expect(withoutImportedNames(', must', new Set(['must']))).toBe('');
  });

  // `a!.b!.c`: the outer site's changes and the inner one's share the position before `a`.
  const original = 'a!.b!.c';
  const inner = { site: 0, changes: [{ start: 0, end: 0, text: 'must(', ownerStart: 0, ownerEnd: 2 }, { start: 1, end: 2, text: ", 'a')", ownerStart: 0, ownerEnd: 2 }] };
  const outer = { site: 1, changes: [{ start: 0, end: 0, text: 'must(', ownerStart: 0, ownerEnd: 5 }, { start: 4, end: 5, text: ", 'a.b')", ownerStart: 0, ownerEnd: 5 }] };

  it('applies both nested edits, or either one alone, as valid text', () => {
    const edits = new FileEdits(original, [inner, outer]);
    expect(edits.text()).toBe("must(must(a, 'a').b, 'a.b').c");
    edits.revert(0);
    expect(edits.text()).toBe("must(a!.b, 'a.b').c");
    edits.restore(0);
    edits.revert(1);
    expect(edits.text()).toBe("must(a, 'a').b!.c");
    edits.revert(0);
    expect(edits.text()).toBe(original);
  });

  it('places each site in the migrated text, the outer one first', () => {
    const edits = new FileEdits(original, [inner, outer]);
    const placed = edits.placed().sort((a, b) => a.start - b.start);
    expect(placed.map((p) => [p.site, p.start, p.end])).toEqual([
      [1, 0, 27],
      [0, 5, 17],
    ]);
    expect(edits.toOriginal("must(must(a, 'a').b, 'a.b')".length + 2)).toBe(original.length);
  });
});
