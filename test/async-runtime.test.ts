import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { SAMPLE_REPO, TSC } from './helpers/paths.js';
import { tempRepo } from './helpers/temp-repo.js';

/**
 * The migrated sample, compiled to JavaScript and run: its real modules reject promises and
 * throw in timer callbacks, the process does not crash, and the reporter installed with the
 * standard's `setReporter` receives every failure under its context name. The same driver on the
 * unmigrated sample crashes, which shows that the scenarios do fail where nothing protects them.
 */
const DRIVER = String.raw`
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const load = (module) => import(new URL('./build/' + module, import.meta.url).href);
const { setReporter } = await load('pkg/errors/index.js');
const received = [];
setReporter(({ name, kind, error }) => received.push({ name, kind, message: error instanceof Error ? error.message : String(error) }));

const failing = (message) => () => Promise.reject(new Error(message));
const MANIFEST = { version: 1, services: [{ name: 'web', image: 'nginx@sha256:' + 'a'.repeat(64), replicas: 1 }] };

// Each scenario with the number of failures it makes the reporter receive.
const scenarios = {
  // A floating .then() and an async IIFE in start(); the floating poll() ends quietly once stopped.
  'order-watcher': [2, async () => {
    const { OrderWatcher } = await load('pkg/provider_daemon/order_watcher.js');
    const chain = { subscribe: () => () => {}, blockHeight: failing('chain rpc down'), openOrders: failing('chain rpc down') };
    const watcher = new OrderWatcher('provider1', chain, {}, 1_000);
    watcher.start();
    watcher.stop();
  }],
  // 'void this.persist(key)' on every state change, and the async function IIFE that deploys.
  deployment: [3, async () => {
    const { DeploymentRunner } = await load('pkg/workflow/deployment.js');
    const gw = { sendManifest: failing('provider refused'), leaseStatus: failing('unused'), closeLease: failing('unused') };
    const store = { save: failing('workflow store down'), load: failing('unused'), remove: failing('unused') };
    const runner = new DeploymentRunner(gw, store);
    runner.create('lease-1', MANIFEST);
    runner.onLeaseWon('lease-1');
  }],
  // queueMicrotask with a waiter that throws.
  'gpu-pool': [1, async () => {
    const { GpuPool } = await load('pkg/inference/gpu_pool.js');
    const pool = new GpuPool();
    pool.onRelease(() => {
      throw new Error('waiter crashed');
    });
    pool.release({ id: 'gpu-1', busy: true });
  }],
  // setImmediate with an async callback that rejects.
  scheduler: [1, async () => {
    const { JobScheduler } = await load('pkg/inference/scheduler.js');
    const { ModelRegistry } = await load('pkg/inference/model_registry.js');
    const registry = new ModelRegistry();
    registry.register({ name: 'llama', version: '1.0.0', weightsUri: 's3://w', sha256: 'b'.repeat(64), minGpuMemoryGiB: 16, contextWindow: 8192 });
    const pool = {
      acquire() {
        throw new Error('gpu inventory unavailable');
      },
    };
    const scheduler = new JobScheduler(registry, pool, {}, { maxActivePerTenant: 5, maxAttempts: 3 });
    scheduler.submit({ id: 'job-1', tenant: 'tenant1', model: 'llama', modelVersion: 'latest', priority: 'batch', attempts: 0 });
  }],
  // A debounced setTimeout that reloads the config, then process.nextTick with a handler that throws.
  'config-watcher': [1, async () => {
    const { ConfigWatcher } = await load('pkg/provider_daemon/config_watcher.js');
    const file = path.join(process.cwd(), 'daemon.json');
    writeFileSync(file, JSON.stringify({ tickMs: 100, chainRpc: 'http://rpc', clusterApi: 'http://k8s' }));
    const onChange = () => {
      throw new Error('bad config handler');
    };
    const watcher = new ConfigWatcher(file, { onChange }, 1);
    // What the file watcher calls on a change.
    watcher.schedule();
  }],
  // The first refresh rejects (no feeds): a floating .then() in start().
  'price-oracle': [1, async () => {
    const { PriceOracle } = await load('pkg/dex/price_oracle.js');
    const oracle = new PriceOracle([], ['atom/usdc']);
    oracle.start(3_600_000);
    oracle.stop();
  }],
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const only = process.argv.slice(2);
let expected = 0;
for (const [name, [reports, run]] of Object.entries(scenarios)) {
  if (only.length > 0 && !only.includes(name)) continue;
  await run();
  // Each scenario's failures arrive before the next one starts, so the order is fixed.
  expected += reports;
  for (let waited = 0; received.length < expected && waited < 10_000; waited += 10) await sleep(10);
}
// Anything arriving late, or twice, still shows in the output.
await sleep(200);
process.stdout.write(received.map((r) => JSON.stringify(r) + '\n').join(''));
`;

/** The sample (migrated or not) compiled to `build/` with the driver beside it. */
function compiledSample(migrate: boolean): string {
  const repo = tempRepo({ from: SAMPLE_REPO, files: { 'driver.mjs': DRIVER } });
  if (migrate) {
    const run = runCli(['run', '--force', '--transform', 'async-call,timer'], repo);
    expect(run.code, run.stderr).toBe(0);
  }
  const tsc = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', 'build', '--pretty', 'false'], { cwd: repo, encoding: 'utf8' });
  expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
  return repo;
}

function runDriver(repo: string, scenarios: string[] = []) {
  const result = spawnSync(process.execPath, ['driver.mjs', ...scenarios], { cwd: repo, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('migrated sample modules at run time', () => {
  let migrated: string;

  beforeAll(() => {
    migrated = compiledSample(true);
  });

  it('report every rejection and every throw of a timer callback by context name, and do not crash', () => {
    const result = runDriver(migrated);
    expect(result.stderr).not.toMatch(/unhandled|Uncaught/i);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { name: 'OrderWatcher.start', kind: 'rejection', message: 'chain rpc down' },
      { name: 'OrderWatcher.start#2', kind: 'rejection', message: 'chain rpc down' },
      { name: 'DeploymentRunner.create', kind: 'rejection', message: 'workflow store down' },
      { name: 'DeploymentRunner.create', kind: 'rejection', message: 'workflow store down' },
      { name: 'DeploymentRunner.onLeaseWon', kind: 'rejection', message: 'failed to send manifest' },
      { name: 'GpuPool.release', kind: 'panic', message: 'waiter crashed' },
      { name: 'JobScheduler.submit', kind: 'rejection', message: 'gpu inventory unavailable' },
      { name: 'ConfigWatcher.reload', kind: 'panic', message: 'bad config handler' },
      { name: 'PriceOracle.start#3', kind: 'rejection', message: 'no price feeds configured' },
    ]);
  });

  it('crash without the migration: the first floating rejection ends the process', () => {
    const unmigrated = compiledSample(false);
    const result = runDriver(unmigrated, ['order-watcher']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: chain rpc down');
    expect(result.stdout).toBe('');
  });
});
