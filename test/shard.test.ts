import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { readJson as read, timeless } from './helpers/report.js';
import { SAMPLE_REPO } from './helpers/paths.js';
import { tempRepo } from './helpers/temp-repo.js';


describe('--shard k/n and report --merge', () => {
  it('shards split the modules, and the merged report equals the unsharded one', () => {
    const repo = tempRepo({ from: SAMPLE_REPO });
    expect(runCli(['report', '--report', 'full.md'], repo).code).toBe(0);
    for (const k of [1, 2, 3]) expect(runCli(['report', '--shard', `${k}/3`, '--report', `shard${k}.md`], repo).code).toBe(0);
    const shards = [1, 2, 3].map((k) => read(repo, `shard${k}.json`));
    const modules = shards.flatMap((s) => s.modules.map((m: { name: string }) => m.name));
    expect(new Set(modules).size).toBe(modules.length);
    expect(modules.sort()).toEqual(read(repo, 'full.json').modules.map((m: { name: string }) => m.name));
    expect(shards.every((s) => s.modules.length > 0)).toBe(true);

    const merged = runCli(['report', '--merge', 'shard1.json', 'shard2.json', 'shard3.json', '--report', 'merged.md'], repo);
    expect(merged.code).toBe(0);
    expect(timeless(read(repo, 'merged.json'))).toEqual(timeless(read(repo, 'full.json')));
    const withoutClock = (text: string) => text.replace(/ on \d{4}-\d\d-\d\d\./, '').replace(/\| Wall time \| .* \|/, '');
    expect(withoutClock(readFileSync(path.join(repo, 'merged.md'), 'utf8'))).toBe(withoutClock(readFileSync(path.join(repo, 'full.md'), 'utf8')));
  });

  it('check shards together find exactly what one check finds', () => {
    const repo = tempRepo({ from: SAMPLE_REPO });
    const findings = (args: string[]) => JSON.parse(runCli(['check', '--format', 'json', ...args], repo).stdout).findings;
    const whole = findings([]);
    const parts = [1, 2].flatMap((k) => findings(['--shard', `${k}/2`]));
    const order = (a: { file: string; line: number; column: number }, b: typeof a) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
    expect([...parts].sort(order)).toEqual([...whole].sort(order));
  });

  it('run --dry-run shards together print the diff of one dry run, but for the codes of modules new to the registry', () => {
    const repo = tempRepo({ from: SAMPLE_REPO });
    // A module's first code range goes to modules in the order they first need one, and a shard
    // sees only its own modules: its new ranges start where the registry's next range does.
    const withoutCodes = (diff: string) => diff.replace(/('pkg\/[\w/]+'|'x\/[\w/]+'), \d{4}/g, '$1, <code>');
    const fileDiffs = (args: string[]) => withoutCodes(runCli(['run', '--dry-run', ...args], repo).stdout).split(/^(?=diff --git )/m).filter(Boolean);
    const whole = fileDiffs([]);
    expect(whole.length).toBeGreaterThan(1);
    expect([1, 2].flatMap((k) => fileDiffs(['--shard', `${k}/2`])).sort()).toEqual([...whole].sort());
  });

  it('a bad shard, run --shard without --dry-run, and reports of different runs are usage errors', () => {
    const repo = tempRepo({ from: SAMPLE_REPO });
    const bad = runCli(['check', '--shard', '3/2'], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('migrate-errors: --shard 3/2: expected k/n with 1 <= k <= n, e.g. --shard 2/4 for the second of four CI jobs.\n');
    const run = runCli(['run', '--shard', '1/2'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('run --shard only goes with --dry-run');
    expect(runCli(['report', '--shard', '1/2', '--report', 'a.md'], repo).code).toBe(0);
    expect(runCli(['report', '--shard', '1/2', '--report', 'b.md'], repo).code).toBe(0);
    const twice = runCli(['report', '--merge', 'a.json', 'b.json', '--report', 'c.md'], repo);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^migrate-errors: module \S+ is in more than one report: the reports are not shards of one run\.\n$/);
  });
});
