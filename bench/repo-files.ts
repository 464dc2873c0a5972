import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ts } from '#typescript';

/** Files written into every benchmark repository, whether the public corpus or a generated one. */

/** Every `.ts` file under `dir`, relative to it, `/`-separated and sorted. */
export async function listTs(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * The repository sees this project's node_modules (for `@types/node`, and for eslint.config.mjs
 * to import typescript-eslint) through a symlink, so it works wherever the cache lives. Our
 * discovery, tsc's `include` and ESLint all skip node_modules, so it adds no files.
 */
export async function linkNodeModules(repoDir: string, projectRoot: string): Promise<void> {
  const link = path.join(repoDir, 'node_modules');
  await fs.rm(link, { recursive: true, force: true });
  await fs.symlink(path.join(projectRoot, 'node_modules'), link, 'dir');
}

export interface EslintSetup {
  /** Globs of the files to lint, relative to the repository. */
  readonly files: readonly string[];
  /** The standard module's folder: our discovery skips it, so ESLint must too. */
  readonly ignores: readonly string[];
}

/**
 * A flat config with typescript-eslint's parser on the same tsconfig (`parserOptions.project`,
 * so the three type-aware rules get a full program, like tsc and our `check`) and only the three
 * rules that correspond to our transforms.
 */
export async function writeEslintConfig(repoDir: string, setup: EslintSetup): Promise<void> {
  const text = `// Written by bench/repo-files.ts: the ESLint baseline of \`npm run bench\`.
import tseslint from 'typescript-eslint';

export default [
  { ignores: ${JSON.stringify(setup.ignores)} },
  {
    files: ${JSON.stringify(setup.files)},
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // The sources carry disable comments for rules that are off here; reporting them is noise.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
];
`;
  await fs.writeFile(path.join(repoDir, 'eslint.config.mjs'), text);
}

export interface SyntaxCounts {
  readonly nonNull: number;
  readonly newError: number;
  /** `throw new Error(...)`: the `new Error` sites that `typed-throw` migrates. */
  readonly throwNewError: number;
}

/** Counts what the issue pins for the corpus (`x!` and `new Error`), by parsing, not grepping. */
export async function countSyntax(dir: string, files: readonly string[]): Promise<SyntaxCounts> {
  let nonNull = 0;
  let newError = 0;
  let throwNewError = 0;
  for (const file of files) {
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    // setParentNodes: the `throw` count looks at each `new Error`'s parent.
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (ts.isNonNullExpression(node)) nonNull++;
      else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Error') {
        newError++;
        if (ts.isThrowStatement(node.parent)) throwNewError++;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { nonNull, newError, throwNewError };
}
