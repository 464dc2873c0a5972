/**
 * The public repositories `npm run e2e` migrates: each has a type-check and a test suite of its own
 * that pass offline on Node 20 at the pinned commit. A migration must leave both passing.
 */
export interface OpenRepo {
  /** Folder name under the work-tree root. */
  readonly name: string;
  /** `owner/name`: the snapshot is `<mirror>/<owner>+<name>/repo`. */
  readonly slug: string;
  readonly commit: string;
  /** Installs dependencies in the work tree (npm registry only, no install scripts). */
  readonly install: string;
  readonly tsconfig: string;
  /** The repository's own test command, run with its node_modules/.bin first on PATH. */
  readonly test: string;
  /** Extra environment for the tests (`{gitdir}` is the snapshot's git folder). */
  readonly testEnv?: Readonly<Record<string, string>>;
}

export const OPEN_REPOS: readonly OpenRepo[] = [
  {
    name: 'google-auth-library-nodejs',
    slug: 'googleapis/google-auth-library-nodejs',
    commit: 'a95b8272197f35453d1647eed85be475d51474c9',
    install: 'npm install --before=2025-11-21 --no-package-lock --ignore-scripts --no-audit --no-fund',
    tsconfig: 'tsconfig.json',
    test: 'rm -rf build && tsc -p tsconfig.json && mocha build/test',
  },
  {
    name: 'release-please',
    slug: 'googleapis/release-please',
    commit: 'd6c840a609045f9967a774d9941ef204333b93d6',
    install: 'npm ci --ignore-scripts --no-audit --no-fund',
    tsconfig: 'tsconfig.json',
    test: 'rm -rf build && tsc -p tsconfig.json && mocha --recursive --timeout=5000 build/test',
    // Its tests clone the project's own repository: point that address at the local snapshot.
    testEnv: {
      LC_ALL: 'en',
      ENVIRONMENT: 'test',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'url.file://{gitdir}.insteadOf',
      GIT_CONFIG_VALUE_0: 'https://github.com/googleapis/release-please.git',
    },
  },
  {
    name: 'graphql-js',
    slug: 'graphql/graphql-js',
    commit: 'a7db60beb22b0e417f9ed12215945c7fcb43246e',
    install: 'npm ci --ignore-scripts --no-audit --no-fund',
    tsconfig: 'tsconfig.json',
    test: "mocha --full-trace 'src/**/__tests__/**/*-test.ts'",
  },
  {
    name: 'p-queue',
    slug: 'sindresorhus/p-queue',
    commit: '180ab9e25cd10b6f548767d7176076b50d25e188',
    install: 'npm install --before=2026-07-23 --no-package-lock --ignore-scripts --no-audit --no-fund',
    tsconfig: 'tsconfig.json',
    test: 'node --import=tsx/esm --test test/*.ts',
  },
];
