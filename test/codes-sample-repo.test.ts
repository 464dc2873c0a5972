import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { SAMPLE_REPO } from './helpers/paths.js';
import { git, snapshotTree, tempRepo, withoutReports } from './helpers/temp-repo.js';

interface Registry {
  nextRangeStart: number;
  modules: Record<string, { range: [number, number]; next: number; codes: Array<{ code: number; text: string; category: string }> }>;
}

const REGISTRY = 'errors.codes.json';
const readRegistry = (repo: string): Registry => JSON.parse(readFileSync(path.join(repo, REGISTRY), 'utf8')) as Registry;
const withoutRegistry = (tree: Map<string, Buffer>): Map<string, Buffer> => new Map([...tree].filter(([file]) => file !== REGISTRY));

/** The code registry on the bundled sample: stable codes, the same in every command, never reused. */
describe('error codes on the sample repository', () => {
  let first: string;
  let firstTree: Map<string, Buffer>;

  beforeAll(() => {
    first = tempRepo({ from: SAMPLE_REPO, git: true });
    const run = runCli(['run'], first);
    expect(run.code).toBe(0);
    firstTree = snapshotTree(first);
  });

  it('gives each module one range, in the order of its first file', () => {
    const registry = readRegistry(first);
    expect(Object.entries(registry.modules).map(([name, m]) => `${name} ${m.range.join('-')}`)).toEqual([
      'pkg/dex 1000-1099',
      'pkg/escrow 1100-1199',
      'pkg/inference 1200-1299',
      'pkg/provider_daemon 1300-1399',
      'pkg/workflow 1400-1499',
      'x/audit/keeper 1500-1599',
      'x/market/keeper 1600-1699',
      'x/veid/keeper 1700-1799',
    ]);
    expect(registry.nextRangeStart).toBe(1800);
    // Codes are handed out one after the other, each text once per module.
    for (const [name, m] of Object.entries(registry.modules)) {
      expect(m.codes.map((c) => c.code), name).toEqual(Array.from({ length: m.next - m.range[0] }, (_, i) => m.range[0] + i));
      expect(new Set(m.codes.map((c) => c.text)).size, name).toBe(m.codes.length);
    }
  });

  it('gives the same text in a module the same code at every site', () => {
    const errors = readFileSync(path.join(first, 'pkg/provider_daemon/errors.ts'), 'utf8');
    const bidEngine = readFileSync(path.join(first, 'pkg/provider_daemon/bid_engine.ts'), 'utf8');
    expect(bidEngine).toContain("throw new NotFoundError('pkg/provider_daemon', 1301, 'order not found');");
    expect(errors).toContain("export const ErrOrderNotFound = sentinel('pkg/provider_daemon', 1301, 'order not found', 'not_found');");
  });

  it('gives the same codes in a second run on another copy', () => {
    const second = tempRepo({ from: SAMPLE_REPO, git: true });
    expect(runCli(['run'], second).code).toBe(0);
    expect(withoutReports(snapshotTree(second))).toEqual(withoutReports(firstTree));
  });

  it('allocates in `run --dry-run`, `check` and `report` exactly as `run` does, and writes no registry', () => {
    const copy = tempRepo({ from: SAMPLE_REPO, git: true });
    const dryRun = runCli(['run', '--dry-run'], copy);
    expect(dryRun.code).toBe(0);
    expect(runCli(['check'], copy).code).toBe(1);
    expect(runCli(['report', '--report', path.join(copy, '.git/report.md')], copy).code).toBe(0);
    expect(git(copy, 'status', '--porcelain')).toBe('');
    // The dry run's diff, applied, is the migration `run` wrote, codes and all.
    writeFileSync(path.join(copy, '.git/migration.diff'), dryRun.stdout);
    git(copy, 'apply', '.git/migration.diff');
    expect(withoutRegistry(snapshotTree(copy))).toEqual(withoutRegistry(withoutReports(firstTree)));
  });

  it('changes nothing, the registry included, when run again', () => {
    const again = runCli(['run', '--force'], first);
    expect(again.code).toBe(0);
    expect(withoutReports(snapshotTree(first))).toEqual(withoutReports(firstTree));
  });

  // Last: it edits the migrated copy.
  it('never hands out the code of a deleted site again', () => {
    const repo = first;
    const keeper = path.join(repo, 'x/market/keeper/keeper.ts');
    const converted = "      throw new ValidationError('x/market/keeper', 1613, `invalid provider host uri ${hostUri}: https is required`);\n";
    const source = readFileSync(keeper, 'utf8');
    expect(source).toContain(converted);
    // The site goes; a new error arrives elsewhere in the module.
    writeFileSync(keeper, source.replace(converted, "      throw new Error('provider host uri must be https');\n"));
    const before = readRegistry(repo).modules['x/market/keeper']!;
    expect(runCli(['run', '--force'], repo).code).toBe(0);
    expect(readFileSync(keeper, 'utf8')).toContain("      throw new ValidationError('x/market/keeper', 1624, 'provider host uri must be https');\n");
    const after = readRegistry(repo).modules['x/market/keeper']!;
    expect(after.next).toBe(before.next + 1);
    expect(after.codes.slice(0, -1)).toEqual(before.codes);
    expect(after.codes.at(-1)).toEqual({ code: 1624, text: 'provider host uri must be https', category: 'validation' });
  });
});
