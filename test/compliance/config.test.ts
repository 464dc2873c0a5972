import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPLIANCE } from '../../src/compliance/types.js';
import { loadConfig } from '../../src/config/load.js';
import { tempDir } from '../helpers/temp-repo.js';

/** Loads a config file with this text; the error message when it does not validate. */
async function load(text: string, file = 'migrate-errors.config.json') {
  const dir = tempDir();
  writeFileSync(path.join(dir, file), text);
  try {
    return { config: await loadConfig({ startDir: dir }), dir };
  } catch (error) {
    return { error: (error as Error).message.replaceAll(dir + path.sep, ''), dir };
  }
}

const withRule = (rule: string): string => `{\n  "compliance": {\n    "rules": [\n      ${rule}\n    ]\n  }\n}\n`;

describe('the config\'s "compliance" key', () => {
  it('defaults to max-file-lines 500 and standard-import, neither failing check, and no team rules', async () => {
    expect((await load('{}')).config?.compliance).toEqual(DEFAULT_COMPLIANCE);
    expect(DEFAULT_COMPLIANCE).toEqual({ maxFileLines: { enabled: true, limit: 500, fail: false }, standardImport: { enabled: true, fail: false }, rules: [] });
  });

  it('resolves a team rule with its pattern, its globs and whether it fails check', async () => {
    const { config } = await load(
      withRule('{ "id": "joblog", "description": "Jobs log", "require": "calls:jobLog.start", "files": "pkg/jobs/**", "fail": true }').replace(
        '"rules"',
        '"max-file-lines": { "limit": 300, "fail": true },\n    "standard-import": false,\n    "rules"',
      ),
    );
    expect(config?.compliance).toEqual({
      maxFileLines: { enabled: true, limit: 300, fail: true },
      standardImport: { enabled: false, fail: false },
      rules: [{ id: 'joblog', description: 'Jobs log', mode: 'require', written: 'calls:jobLog.start', pattern: { type: 'calls', name: 'jobLog.start' }, files: ['pkg/jobs/**'], fail: true }],
    });
  });

  it('names the file, line and column of a bad value, and what to write instead', async () => {
    const cases: Array<[string, string]> = [
      ['{ "id": "joblog", "description": "d", "forbid": "(unclosed" }', 'migrate-errors.config.json:4:55: "compliance.rules[0].forbid" is not a valid regular expression (Invalid regular expression: /(unclosed/m: Unterminated group). Fix it and run again.'],
      ['{ "id": "joblog", "description": "d", "forbid": "kind:NonNull" }', 'migrate-errors.config.json:4:55: "compliance.rules[0].forbid" names no TypeScript syntax kind ("NonNull"); write it as TypeScript names it, such as "kind:NonNullExpression". Fix it and run again.'],
      ['{ "id": "joblog", "description": "d", "require": "calls:" }', 'migrate-errors.config.json:4:56: "compliance.rules[0].require" needs a function name after "calls:", such as "calls:jobLog.start" (got ""). Fix it and run again.'],
      ['{ "id": "joblog", "description": "d", "forbid": "x*" }', 'migrate-errors.config.json:4:55: "compliance.rules[0].forbid" matches an empty text, so it would match everywhere; make it match something. Fix it and run again.'],
      ['{ "id": "joblog", "description": "d" }', 'migrate-errors.config.json:4:7: "compliance.rules[0]" needs exactly one of "require" and "forbid". Fix it and run again.'],
      ['{ "id": "joblog", "description": "d", "require": "a", "forbid": "b" }', 'migrate-errors.config.json:4:7: "compliance.rules[0]" needs exactly one of "require" and "forbid". Fix it and run again.'],
      ['{ "id": "Job Log", "description": "d", "require": "a" }', 'migrate-errors.config.json:4:15: "compliance.rules[0].id" must be a rule id of lowercase letters, digits and dashes, such as "joblog". Fix it and run again.'],
      ['{ "id": "max-file-lines", "description": "d", "require": "a" }', 'migrate-errors.config.json:4:15: "compliance.rules[0].id" is the id of a built-in rule; choose another. Fix it and run again.'],
      ['{ "id": "joblog", "require": "a" }', 'migrate-errors.config.json:4:7: "compliance.rules[0].description" must be a non-empty string saying what the rule asks for. Fix it and run again.'],
      ['{ "id": "joblog", "description": "d", "require": "a", "files": [] }', 'migrate-errors.config.json:4:70: "compliance.rules[0].files" must be a glob or an array of globs, relative to the config\'s folder. Fix it and run again.'],
      ['{ "id": "joblog", "description": "d", "require": "a", "fail": "yes" }', 'migrate-errors.config.json:4:69: "compliance.rules[0].fail" must be true or false. Fix it and run again.'],
      ['{ "id": "joblog", "description": "d", "require": "a", "severity": 1 }', 'migrate-errors.config.json:4:73: "compliance.rules[0].severity" is not a known key; allowed keys are "id", "description", "require", "forbid", "files", "fail". Fix it and run again.'],
    ];
    for (const [rule, message] of cases) expect((await load(withRule(rule))).error, rule).toBe(message);
  });

  it('checks the built-in rules\' settings and repeated ids too', async () => {
    expect((await load('{ "compliance": { "max-file-lines": 0 } }')).error).toBe('migrate-errors.config.json:1:37: "compliance.max-file-lines" must be a whole number of lines, at least 1. Fix it and run again.');
    expect((await load('{ "compliance": { "standard-import": "on" } }')).error).toBe('migrate-errors.config.json:1:38: "compliance.standard-import" must be true or false. Fix it and run again.');
    expect((await load('{ "compliance": { "rules": {} } }')).error).toBe('migrate-errors.config.json:1:28: "compliance.rules" must be an array of rules. Fix it and run again.');
    const twice = '{ "id": "a", "description": "d", "require": "x" },\n      { "id": "a", "description": "d", "require": "y" }';
    expect((await load(withRule(twice))).error).toBe('migrate-errors.config.json:5:15: "compliance.rules[1].id" repeats the id "a"; each rule needs its own. Fix it and run again.');
  });

  it('points into package.json under "migrateErrors" too', async () => {
    const text = '{\n  "name": "x",\n  "migrateErrors": { "compliance": { "max-file-lines": -1 } }\n}\n';
    expect((await load(text, 'package.json')).error).toBe('package.json:3:56: "compliance.max-file-lines" must be a whole number of lines, at least 1. Fix it and run again.');
  });
});
