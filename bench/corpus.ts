import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { runProcess } from './measure.js';
import { countSyntax, linkNodeModules, listTs, writeEslintConfig } from './repo-files.js';
import type { BenchRepo } from './tools.js';

/**
 * The public corpus: the TypeScript sources that the `effect` package ships in its npm tarball.
 * Pinned by version so every run (and every machine) measures the same bytes; `npm pack`
 * checks the registry's integrity hash.
 */
export const CORPUS_PACKAGE = 'effect';
export const CORPUS_VERSION = '4.1.0';
/**
 * What the issue pins for this tarball; a mismatch means the corpus is not what we think. Its
 * "174 `new Error`" are the `throw new Error(...)` statements; there are 217 `new Error` in all.
 */
const EXPECTED = { files: 572, nonNull: 568, throwNewError: 174 };

/** Where our standard module goes in the corpus copy (the corpus has no `src/errors`). */
const STANDARD_DIR = 'src/errors';

/**
 * The tsconfig the issue asks for (strict, NodeNext, `paths` to the sources, `types: ["node"]`),
 * plus the smallest changes that make TypeScript 6.0 report 0 errors on it (see BENCHMARK.md):
 * - `exactOptionalPropertyTypes`: effect is written for it; without it, `"error" in response`
 *   leaves `response.error` possibly undefined (3 errors in src/ai/McpClient.ts).
 * - no `target`/`lib`: TypeScript 6's default (ES2025, `lib.es2025.full.d.ts`) includes the DOM,
 *   which the browser-facing modules (crypto keys, IndexedDB, `window`) use;
 *   `"target": "ES2022", "lib": ["ES2022"]` gives 243 more errors.
 */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    exactOptionalPropertyTypes: true,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    paths: { effect: ['./src/index.ts'], 'effect/*': ['./src/*.ts', './src/*/index.ts'] },
  },
  include: ['src'],
};

export interface CorpusInfo {
  readonly repo: BenchRepo;
  readonly tarball: string;
  readonly integrity: string | undefined;
  readonly files: number;
  readonly nonNull: number;
  readonly newError: number;
  readonly throwNewError: number;
  readonly mismatch: string | undefined;
}

export async function prepareCorpus(cacheDir: string, projectRoot: string, log: (line: string) => void): Promise<CorpusInfo> {
  const packDir = path.join(cacheDir, 'npm');
  const tarball = path.join(packDir, `${CORPUS_PACKAGE}-${CORPUS_VERSION}.tgz`);
  await fs.mkdir(packDir, { recursive: true });
  let integrity: string | undefined;
  if (!existsSync(tarball)) {
    log(`fetching ${CORPUS_PACKAGE}@${CORPUS_VERSION} with npm pack ...`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = await runProcess(npm, ['pack', `${CORPUS_PACKAGE}@${CORPUS_VERSION}`, '--json', '--pack-destination', packDir], { cwd: packDir });
    if (packed.exitCode !== 0) throw new Error(`npm pack ${CORPUS_PACKAGE}@${CORPUS_VERSION} failed:\n${packed.stderr}`);
    integrity = (JSON.parse(packed.stdout) as Array<{ integrity?: string }>)[0]?.integrity;
    await fs.writeFile(`${tarball}.integrity`, integrity ?? '');
  } else {
    integrity = (await fs.readFile(`${tarball}.integrity`, 'utf8').catch(() => '')) || undefined;
  }

  const extractDir = path.join(cacheDir, 'npm', `${CORPUS_PACKAGE}-${CORPUS_VERSION}`);
  if (!existsSync(path.join(extractDir, 'package', 'src'))) {
    await fs.rm(extractDir, { recursive: true, force: true });
    await fs.mkdir(extractDir, { recursive: true });
    const tar = await runProcess('tar', ['-xzf', tarball, '-C', extractDir], { cwd: cacheDir });
    if (tar.exitCode !== 0) throw new Error(`tar -xzf ${tarball} failed:\n${tar.stderr}`);
  }

  // A fresh copy every run: the measured tools must see exactly the tarball's sources, never a
  // copy that an earlier (interrupted, or non-dry) run may have touched.
  const dir = path.join(cacheDir, 'corpus');
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  await fs.cp(path.join(extractDir, 'package', 'src'), path.join(dir, 'src'), { recursive: true });
  const corpusFiles = await listTs(path.join(dir, 'src'));
  if (corpusFiles.some((f) => f.startsWith('errors/'))) throw new Error(`${CORPUS_PACKAGE} now has its own src/errors; pick another folder for the standard module`);
  const counts = await countSyntax(path.join(dir, 'src'), corpusFiles);

  await fs.writeFile(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  await fs.writeFile(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-corpus', private: true, type: 'module' }, null, 2)}\n`);
  // The corpus has no standard module: give it ours, where the default config expects it.
  await fs.mkdir(path.join(dir, STANDARD_DIR), { recursive: true });
  await fs.copyFile(path.join(projectRoot, 'src', 'standard', 'errors-module.ts'), path.join(dir, STANDARD_DIR, 'index.ts'));
  await fs.writeFile(path.join(dir, 'migrate-errors.config.json'), `${JSON.stringify({ standard: { path: `${STANDARD_DIR}/index.ts` } }, null, 2)}\n`);
  await writeEslintConfig(dir, { files: ['src/**/*.ts'], ignores: [`${STANDARD_DIR}/**`] });
  await linkNodeModules(dir, projectRoot);

  const problems: string[] = [];
  if (corpusFiles.length !== EXPECTED.files) problems.push(`${corpusFiles.length} .ts files (expected ${EXPECTED.files})`);
  if (counts.nonNull !== EXPECTED.nonNull) problems.push(`${counts.nonNull} non-null assertions (expected ${EXPECTED.nonNull})`);
  if (counts.throwNewError !== EXPECTED.throwNewError) problems.push(`${counts.throwNewError} \`throw new Error\` (expected ${EXPECTED.throwNewError})`);
  const mismatch = problems.length > 0 ? problems.join(', ') : undefined;
  log(
    `corpus ${CORPUS_PACKAGE}@${CORPUS_VERSION}: ${corpusFiles.length} .ts files under src/, ${counts.nonNull} non-null assertions, ` +
      `${counts.throwNewError} \`throw new Error\` (${counts.newError} \`new Error\` in all)` +
      (mismatch ? ` — MISMATCH: ${mismatch}` : ' (as pinned)'),
  );

  return {
    repo: {
      id: 'corpus',
      title: `${CORPUS_PACKAGE}@${CORPUS_VERSION} (public corpus)`,
      dir,
      expectedFiles: corpusFiles.length,
      lintTargets: ['src'],
    },
    tarball,
    integrity,
    files: corpusFiles.length,
    nonNull: counts.nonNull,
    newError: counts.newError,
    throwNewError: counts.throwNewError,
    mismatch,
  };
}
