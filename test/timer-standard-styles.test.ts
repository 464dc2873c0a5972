import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { FIXTURES } from './helpers/paths.js';
import { snapshotTree, tempRepo, withoutReports } from './helpers/temp-repo.js';
import { typeCheck } from './helpers/tsc.js';
import { STANDARD_MODULE } from './helpers/small-repo.js';

/**
 * A second run of `timer` must recognise the `safeCallback` the first one wrote, whichever way the
 * file imports the standard: by package name (`#errors`, the fixture repo's import map) or as a
 * namespace, or under the team's own name. (The relative named import is what the fixtures use.)
 */
const SOURCE = `export function poll(collect: () => void): void {
  setInterval(collect, 1_000);
}
`;

describe.each([
  {
    style: 'a package name',
    config: { standard: { package: '#errors' } },
    expected: `import { safeCallback } from '#errors';

export function poll(collect: () => void): void {
  setInterval(safeCallback('poll', collect), 1_000);
}
`,
  },
  {
    style: 'a namespace import',
    config: { standard: { importStyle: 'namespace' } },
    expected: `import * as verrors from '../errors/index.js';

export function poll(collect: () => void): void {
  setInterval(verrors.safeCallback('poll', collect), 1_000);
}
`,
  },
  {
    style: "the team's own name (`standard.names`)",
    config: { standard: { names: { safeCallback: 'guardCallback' } } },
    moduleSuffix: 'export { safeCallback as guardCallback };\n',
    expected: `import { guardCallback } from '../errors/index.js';

export function poll(collect: () => void): void {
  setInterval(guardCallback('poll', collect), 1_000);
}
`,
  },
])('timer with the standard imported by $style', ({ config, expected, moduleSuffix = '' }) => {
  it('wraps once, type-checks, and a second run changes nothing', () => {
    const repo = tempRepo({
      from: path.join(FIXTURES, '_repo'),
      files: {
        'src/errors/index.ts': STANDARD_MODULE + moduleSuffix,
        'src/metering/poll.ts': SOURCE,
        'migrate-errors.config.json': JSON.stringify(config),
      },
    });
    const first = runCli(['run', '--force', '--transform', 'timer'], repo);
    expect(first.stderr).toBe('');
    expect(readFileSync(path.join(repo, 'src/metering/poll.ts'), 'utf8')).toBe(expected);
    expect(typeCheck(repo)).toEqual({ code: 0, output: '' });
    const migrated = withoutReports(snapshotTree(repo));
    const second = runCli(['run', '--force', '--transform', 'timer'], repo);
    expect(second.stdout).toMatch(/^Migrated 0 of \d+ files: no sites\./m);
    expect(withoutReports(snapshotTree(repo))).toEqual(migrated);
  });
});
