import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { SAMPLE_REPO } from './helpers/paths.js';
import { snapshotTree, tempRepo, withoutReports } from './helpers/temp-repo.js';
import { typeCheck } from './helpers/tsc.js';

const TRANSFORMS = ['--transform', 'async-call,timer'];

/** `async-call` and `timer` on a git copy of the sample repository: the whole pipeline holds. */
describe('async-call and timer on the sample repository', () => {
  let repo: string;
  let run: ReturnType<typeof runCli>;
  let migrated: Map<string, Buffer>;

  beforeAll(() => {
    repo = tempRepo({ from: SAMPLE_REPO, git: true });
    run = runCli(['run', ...TRANSFORMS, '--report', 'migration-report.md'], repo);
    migrated = snapshotTree(repo);
  });

  it('migrates, and the result type-checks', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Migrated \d+ of \d+ files: 15 timer, 17 async-call\. 0 manual site\(s\), 0 ignored/m);
    expect(typeCheck(repo)).toEqual({ code: 0, output: '' });
  });

  it('lists every protected site by module and context name in the report', () => {
    const markdown = readFileSync(path.join(repo, 'migration-report.md'), 'utf8');
    const section = markdown.slice(markdown.indexOf('## Protection details'), markdown.indexOf('## Modules not requiring migration'));
    expect(section.trimEnd().split('\n')).toEqual([
      '## Protection details',
      '',
      '- `pkg/dex` (timers, 3): MatchingEngine.submit, PriceOracle.start, PriceOracle.withTimeout',
      '- `pkg/dex` (async sites, 2): PriceOracle.start#2, PriceOracle.start#3',
      '- `pkg/escrow` (async sites, 2): Ledger.record, Settlement.settleAll',
      '- `pkg/inference` (timers, 4): GpuPool.release, ModelRegistry.autoSync, JobScheduler.submit, JobScheduler.dispatch',
      '- `pkg/inference` (async sites, 3): ModelRegistry.autoSync#2, JobScheduler.cancel, JobScheduler.drain',
      '- `pkg/provider_daemon` (timers, 7): BidEngine.start, ConfigWatcher.schedule, ConfigWatcher.reload, MeteringLoop.start, MeteringLoop.uploadWithDeadline, sleep, OrderWatcher.onOrder',
      '- `pkg/provider_daemon` (async sites, 7): BidEngine.enqueue, BidEngine.forget, BidEngine.tick, MeteringLoop.collect, OrderWatcher.start, OrderWatcher.start#2, OrderWatcher.start#3',
      '- `pkg/workflow` (async sites, 2): DeploymentRunner.create, DeploymentRunner.onLeaseWon',
      '- `pkg/workflow` (timers, 1): waitForPods.check',
      '- `x/market/keeper` (async sites, 1): matchOrders',
    ]);
    const report = JSON.parse(readFileSync(path.join(repo, 'migration-report.json'), 'utf8')) as { summary: Record<string, unknown> };
    expect(report.summary).toMatchObject({ asyncSitesProtected: 17, timersWrapped: 15, manualSites: 0 });
  });

  it('leaves the local block-height `setTimeout` and `timers/promises` alone', () => {
    for (const file of ['x/veid/keeper/keeper.ts', 'x/veid/keeper/store.ts']) {
      expect(migrated.get(file)).toEqual(readFileSync(path.join(SAMPLE_REPO, file)));
    }
    expect(migrated.get('pkg/inference/gpu_pool.ts')!.toString('utf8')).toContain('      await setTimeout(250);\n');
  });

  it('a second run changes no byte', () => {
    const again = runCli(['run', '--force', ...TRANSFORMS], repo);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Migrated 0 of \d+ files/m);
    expect(withoutReports(snapshotTree(repo))).toEqual(withoutReports(migrated));
  });

  it('`check` exits 0 after `run`', () => {
    const check = runCli(['check', ...TRANSFORMS], repo);
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^No unmigrated sites in \d+ files\.$/m);
    expect(check.code).toBe(0);
  });
});
