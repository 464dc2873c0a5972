import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { discoverFiles } from '../src/discovery/files.js';
import { runCli } from './helpers/cli.js';
import { FIXTURES, REPO_ROOT, SAMPLE_REPO } from './helpers/paths.js';
import { tempRepo } from './helpers/temp-repo.js';

/**
 * Differential test: typescript-eslint's `no-floating-promises` (with `ignoreVoid: false`, as our
 * standard treats `void p` as floating, and async-call's `checkThenables`, default false as the
 * linter's) and `check --transform async-call` must flag the same sites, `{file, line}` for `{file, line}`,
 * on the files `check` scans: every fixture input, and the sample repository. The differences are
 * deliberate, and each is listed here with the fixture that shows it.
 */
interface Difference {
  readonly site: string;
  readonly fixture: string;
  readonly why: string;
}

/** Sites only the linter flags. */
const LINTER_ONLY: readonly Difference[] = [
  {
    site: 'src/async-call/known-safe.ts:9',
    fixture: 'fixtures/async-call/known-safe',
    why: 'the linter applies allowForKnownSafeCalls to the call a statement is, not to one behind `void`; for us a known-safe call is known-safe anywhere',
  },
];

/** Sites only `check` flags. */
const CHECK_ONLY: readonly Difference[] = [];

const RULE = '@typescript-eslint/no-floating-promises';
const INPUT = /^(.+)\.input\.(tsx?)$/;

interface AsyncCallOptions {
  readonly knownSafeCalls?: string[];
  readonly knownSafePromises?: string[];
  readonly checkThenables?: boolean;
}

/** Every fixture input copied as the fixture runner does (`src/<folder>/<case>.<ext>`), with async-call's fixture config. */
function fixtureRepo(): string {
  const repo = tempRepo({ from: path.join(FIXTURES, '_repo') });
  mkdirSync(path.join(repo, 'src/errors'), { recursive: true });
  copyFileSync(path.join(REPO_ROOT, 'src/standard/errors-module.ts'), path.join(repo, 'src/errors/index.ts'));
  const folders = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory() && !['_repo', 'sample-repo'].includes(d.name));
  for (const { name: folder } of folders) {
    for (const file of readdirSync(path.join(FIXTURES, folder))) {
      const match = INPUT.exec(file);
      if (!match) continue;
      mkdirSync(path.join(repo, 'src', folder), { recursive: true });
      copyFileSync(path.join(FIXTURES, folder, file), path.join(repo, 'src', folder, `${match[1]}.${match[2]}`));
    }
  }
  const settings = JSON.parse(readFileSync(path.join(FIXTURES, 'async-call/fixture.json'), 'utf8')) as { config: Record<string, unknown> };
  writeFileSync(path.join(repo, 'migrate-errors.config.json'), JSON.stringify(settings.config));
  return repo;
}

function asyncCallOptions(repo: string): AsyncCallOptions {
  const config = JSON.parse(readFileSync(path.join(repo, 'migrate-errors.config.json'), 'utf8')) as { transforms?: Record<string, AsyncCallOptions> };
  return config.transforms?.['async-call'] ?? {};
}

/** `file:line` of each site `check --transform async-call` reports. */
function checkSites(repo: string): string[] {
  const check = runCli(['check', '--format', 'json', '--transform', 'async-call'], repo);
  // Exit 1: there are findings. (Stderr may warn about other transforms' opt-outs in other fixtures.)
  expect(check.code).toBe(1);
  const { findings } = JSON.parse(check.stdout) as { findings: Array<{ file: string; line: number; transform: string }> };
  return unique(findings.filter((f) => f.transform === 'async-call').map((f) => `${f.file}:${f.line}`));
}

/** `file:line` of each site the linter reports, on exactly the files `check` scans. */
async function linterSites(repo: string): Promise<string[]> {
  const config = await loadConfig({ startDir: repo });
  const { files } = await discoverFiles({ config, paths: [], cwd: repo, allowJs: false });
  const options = asyncCallOptions(repo);
  const eslint = new ESLint({
    cwd: repo,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.tsx'],
        languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: repo } },
        plugins: { '@typescript-eslint': tseslint.plugin as ESLint.Plugin },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        rules: {
          [RULE]: [
            'error',
            { ignoreVoid: false, checkThenables: options.checkThenables ?? false, allowForKnownSafeCalls: options.knownSafeCalls ?? [], allowForKnownSafePromises: options.knownSafePromises ?? [] },
          ],
        },
      },
    ],
  });
  const results = await eslint.lintFiles(files);
  const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${r.filePath}: ${m.message}`));
  expect(fatal).toEqual([]);
  return unique(
    results.flatMap((r) => r.messages.filter((m) => m.ruleId === RULE).map((m) => `${path.relative(repo, r.filePath).split(path.sep).join('/')}:${m.line}`)),
  );
}

const unique = (sites: string[]): string[] => [...new Set(sites)].sort();
const minus = (a: readonly string[], b: readonly string[]): string[] => a.filter((site) => !b.includes(site));

describe.each([
  { name: 'fixture inputs', repo: fixtureRepo, linterOnly: LINTER_ONLY, checkOnly: CHECK_ONLY },
  { name: 'sample repository', repo: () => tempRepo({ from: SAMPLE_REPO }), linterOnly: [], checkOnly: [] },
])('no-floating-promises and `check` agree on the $name', ({ repo: makeRepo, linterOnly, checkOnly }) => {
  let ours: string[];
  let linter: string[];

  beforeAll(async () => {
    const repo = makeRepo();
    ours = checkSites(repo);
    linter = await linterSites(repo);
  });

  it('flag sites at all (the comparison is not vacuous)', () => {
    expect(ours.length).toBeGreaterThan(10);
  });

  it('differ only where a listed fixture says why', () => {
    const sites = (differences: readonly Difference[]) => differences.map((d) => d.site).sort();
    expect(minus(linter, ours)).toEqual(sites(linterOnly));
    expect(minus(ours, linter)).toEqual(sites(checkOnly));
  });
});

it('every listed difference names a fixture case that exists', () => {
  for (const difference of [...LINTER_ONLY, ...CHECK_ONLY]) {
    expect(readdirSync(path.dirname(path.join(REPO_ROOT, difference.fixture)))).toContain(`${path.basename(difference.fixture)}.input.ts`);
    expect(difference.why.length).toBeGreaterThan(0);
  }
});
