import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { FIXTURES } from './helpers/paths.js';
import { tempRepo } from './helpers/temp-repo.js';
import { STANDARD_MODULE } from './helpers/small-repo.js';

/** async-call's options, which a fixture folder (one config for all its cases) cannot vary. */
const SOURCE = `declare function persist(key: string): Promise<void>;

export function save(key: string): () => void {
  persist(key);
  void persist(key);
  return () => void persist(key);
}
`;

function repoWith(options: unknown, source = SOURCE): string {
  return tempRepo({
    from: path.join(FIXTURES, '_repo'),
    files: {
      'src/errors/index.ts': STANDARD_MODULE,
      'src/jobs/save.ts': source,
      'migrate-errors.config.json': JSON.stringify({ transforms: { 'async-call': options } }),
    },
  });
}

describe('async-call options', () => {
  it('`migrateVoid: false` treats `void p` as handled, as the linter does by default', () => {
    const repo = repoWith({ migrateVoid: false });
    const run = runCli(['run', '--force', '--transform', 'async-call'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(repo, 'src/jobs/save.ts'), 'utf8')).toBe(`import { detach } from '../errors/index.js';

declare function persist(key: string): Promise<void>;

export function save(key: string): () => void {
  detach('save', persist(key));
  void persist(key);
  return () => void persist(key);
}
`);
  });

  it('`checkThenables: true` protects any thenable that takes a rejection callback, such as a PromiseLike', () => {
    const thenables = `declare function legacy(): PromiseLike<void>;
declare const job: { then(onDone: () => void, onFailed: (reason: unknown) => void): void };

export function schedule(): void {
  legacy();
  job;
}
`;
    const repo = repoWith({ checkThenables: true }, thenables);
    const run = runCli(['run', '--force', '--transform', 'async-call'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(repo, 'src/jobs/save.ts'), 'utf8')).toBe(`import { detach } from '../errors/index.js';

declare function legacy(): PromiseLike<void>;
declare const job: { then(onDone: () => void, onFailed: (reason: unknown) => void): void };

export function schedule(): void {
  detach('schedule', legacy());
  detach('schedule#2', job);
}
`);
  });

  it.each([
    [{ knownSafeCalls: 'persist' }, 'config: "transforms.async-call.knownSafeCalls" must be an array of function or type names. Fix it and run again.'],
    [{ knownSafePromises: [''] }, 'config: "transforms.async-call.knownSafePromises" must be an array of function or type names. Fix it and run again.'],
    [{ migrateVoid: 'no' }, 'config: "transforms.async-call.migrateVoid" must be true or false. Fix it and run again.'],
    [{ checkThenables: 1 }, 'config: "transforms.async-call.checkThenables" must be true or false. Fix it and run again.'],
    [{ ignoreVoid: true }, 'config: unknown option "transforms.async-call.ignoreVoid"; the options are "knownSafeCalls", "knownSafePromises", "migrateVoid", "checkThenables".'],
  ])('rejects %j with exit 2 and says what to fix', (options, message) => {
    const check = runCli(['check', '--transform', 'async-call'], repoWith(options));
    expect(check).toEqual({ code: 2, stdout: '', stderr: `migrate-errors: ${message}\n` });
  });
});
