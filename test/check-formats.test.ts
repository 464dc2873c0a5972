import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { REPO_ROOT, SAMPLE_REPO } from './helpers/paths.js';
import { smallRepo } from './helpers/small-repo.js';
import { tempRepo } from './helpers/temp-repo.js';

const SOURCE = [
  'export function first(items: string[]): string {',
  '  return items[0]!;',
  '}',
  '',
  'export function close(handlers: { onClose?: () => void }): void {',
  '  handlers.onClose!();',
  '}',
  '',
].join('\n');

describe('check --format github', () => {
  it('prints one workflow command per finding (manual sites as warnings), then the verdict', () => {
    const repo = smallRepo({ 'src/app/list, a.ts': SOURCE });
    const result = runCli(['check', '--format', 'github', '--transform', 'non-null'], repo);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        '::warning file=src/app/list%2C a.ts,line=6,endLine=6,col=3,endColumn=20,title=migrate-errors non-null (manual)::non-null assertion on `handlers.onClose`: a method is called through the assertion; must() would call it without its `this`',
        '::error file=src/app/list%2C a.ts,line=2,endLine=2,col=10,endColumn=19,title=migrate-errors non-null::non-null assertion on `items[0]`; `migrate-errors run` fixes it',
        '2 unmigrated site(s) in 1 of 1 files (1 fixable by `migrate-errors run`, 1 manual).',
        '',
      ].join('\n'),
    );
  });
});

describe('check --format sarif', () => {
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('validates against the SARIF 2.1.0 schema, with one rule per transform and one result per finding', () => {
    const repo = smallRepo({ 'src/app/list.ts': SOURCE });
    const result = runCli(['check', '--format', 'sarif'], repo);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const run = log.runs[0];
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toContain('non-null');
    expect(ruleIds).not.toContain('import');
    for (const rule of run.tool.driver.rules) expect(rule.help.text).toContain(`migrate-errors run --transform ${rule.id}`);
    expect(run.results).toHaveLength(2);
    expect(run.results[0]).toEqual({
      ruleId: 'non-null',
      ruleIndex: ruleIds.indexOf('non-null'),
      level: 'error',
      message: { text: 'non-null assertion on `items[0]`' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/app/list.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 10, endLine: 2, endColumn: 19 } } }],
      partialFingerprints: { 'migrateErrors/v1': expect.stringMatching(/^[0-9a-f]{16}$/) },
      properties: { module: 'src/app', fixable: true },
    });
  });

  it('the sample repository log validates too', () => {
    const repo = tempRepo({ from: SAMPLE_REPO });
    const log = JSON.parse(runCli(['check', '--format', 'sarif'], repo).stdout);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(40);
  });
});
