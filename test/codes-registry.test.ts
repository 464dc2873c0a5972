import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/cli/errors.js';
import { CodeRegistry } from '../src/codes/registry.js';
import { tempDir } from './helpers/temp-repo.js';

const REGISTRY = 'errors.codes.json';

function folder(files: Record<string, string> = {}): string {
  const dir = tempDir('codes-registry-');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('code registry', () => {
  it('gives each module a range of 100 on first use, and codes in the order they are asked for', async () => {
    const registry = await CodeRegistry.load(folder(), REGISTRY);
    expect(registry.codeFor('pkg/dex', 'order not found', 'not_found')).toBe(1000);
    expect(registry.codeFor('pkg/escrow', 'insufficient funds', 'internal')).toBe(1100);
    expect(registry.codeFor('pkg/dex', 'market halted', 'internal')).toBe(1001);
    // The same text in the same module keeps its code; in another module it is another error.
    expect(registry.codeFor('pkg/dex', 'order not found', 'not_found')).toBe(1000);
    expect(registry.codeFor('pkg/escrow', 'order not found', 'not_found')).toBe(1101);
  });

  it('names the root module after the package, else after the folder', async () => {
    const withPackage = await CodeRegistry.load(folder({ 'package.json': '{ "name": "@acme/market" }' }), REGISTRY);
    expect(withPackage.moduleName('.')).toBe('@acme/market');
    expect(withPackage.moduleName('pkg/dex')).toBe('pkg/dex');
    const dir = folder({ 'package.json': '{ "private": true }' });
    expect((await CodeRegistry.load(dir, REGISTRY)).moduleName('.')).toBe(path.basename(dir));
  });

  it('writes deterministic JSON, one code per line, only when something was allocated', async () => {
    const dir = folder();
    const registry = await CodeRegistry.load(dir, REGISTRY);
    expect(await registry.save()).toBe(false);
    registry.codeFor('x/market/keeper', 'bid not found', 'not_found');
    registry.codeFor('pkg/dex', 'order "{id}" not found', 'not_found');
    registry.codeFor('x/market/keeper', 'invalid bid amount', 'validation');
    expect(await registry.save()).toBe(true);
    expect(await registry.save()).toBe(false);
    expect(readFileSync(path.join(dir, REGISTRY), 'utf8')).toBe(
      [
        '{',
        '  "version": 1,',
        '  "rangeSize": 100,',
        '  "nextRangeStart": 1200,',
        '  "modules": {',
        '    "x/market/keeper": {',
        '      "range": [1000, 1099],',
        '      "next": 1002,',
        '      "codes": [',
        '        { "code": 1000, "text": "bid not found", "category": "not_found" },',
        '        { "code": 1001, "text": "invalid bid amount", "category": "validation" }',
        '      ]',
        '    },',
        '    "pkg/dex": {',
        '      "range": [1100, 1199],',
        '      "next": 1101,',
        '      "codes": [',
        '        { "code": 1100, "text": "order \\"{id}\\" not found", "category": "not_found" }',
        '      ]',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('reads back what it wrote, and keeps allocating after it', async () => {
    const dir = folder();
    const first = await CodeRegistry.load(dir, REGISTRY);
    first.codeFor('pkg/dex', 'order not found', 'not_found');
    await first.save();
    const second = await CodeRegistry.load(dir, REGISTRY);
    expect(second.serialize()).toBe(first.serialize());
    expect(second.codeFor('pkg/dex', 'order not found', 'not_found')).toBe(1000);
    expect(second.codeFor('pkg/dex', 'market halted', 'internal')).toBe(1001);
    expect(second.codeFor('pkg/workflow', 'step timed out', 'timeout')).toBe(1100);
  });

  it('never hands out a code or a range again, even when its entry is deleted by hand', async () => {
    const dir = folder();
    const registry = await CodeRegistry.load(dir, REGISTRY);
    registry.codeFor('pkg/dex', 'order not found', 'not_found');
    registry.codeFor('pkg/dex', 'market halted', 'internal');
    registry.codeFor('pkg/escrow', 'insufficient funds', 'internal');
    await registry.save();
    const file = path.join(dir, REGISTRY);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { modules: Record<string, { codes: unknown[] }> };
    json.modules['pkg/dex']!.codes.pop();
    delete json.modules['pkg/escrow'];
    writeFileSync(file, JSON.stringify(json));
    const edited = await CodeRegistry.load(dir, REGISTRY);
    expect(edited.codeFor('pkg/dex', 'market halted', 'internal')).toBe(1002);
    expect(edited.codeFor('pkg/escrow', 'insufficient funds', 'internal')).toBe(1200);
  });

  it('refuses a code when the module has used its whole range, and says what to do', async () => {
    const registry = await CodeRegistry.load(folder(), REGISTRY);
    for (let i = 0; i < 100; i++) expect(registry.codeFor('pkg/dex', `error ${i}`, 'internal')).toBe(1000 + i);
    const reason =
      "module pkg/dex has used all 100 codes of its range 1000-1099 in errors.codes.json; codes are never reused, so give this error one of the module's existing codes by hand";
    expect(registry.whyNoCode('pkg/dex', 'error 100')).toBe(reason);
    expect(() => registry.codeFor('pkg/dex', 'error 100', 'internal')).toThrow(reason);
    // Texts that have a code keep it; other modules are not affected.
    expect(registry.whyNoCode('pkg/dex', 'error 7')).toBeUndefined();
    expect(registry.codeFor('pkg/dex', 'error 7', 'internal')).toBe(1007);
    expect(registry.codeFor('pkg/escrow', 'error 100', 'internal')).toBe(1100);
  });

  it('names the file and says what to do when the registry is broken', async () => {
    const broken = async (text: string): Promise<UserError> => {
      const dir = folder({ [REGISTRY]: text });
      const error = await CodeRegistry.load(dir, REGISTRY).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      return error as UserError;
    };
    const file = (error: UserError): string => error.message.slice(0, error.message.indexOf(':'));
    const notJson = await broken('{ "version": 1, ');
    expect(notJson.message).toMatch(/^\/.*errors\.codes\.json: the code registry is not valid JSON \(.+\)\. Restore it from git; codes must never be handed out twice\.$/);
    expect(path.basename(file(notJson))).toBe(REGISTRY);
    const suffix = '. Restore the code registry from git (codes must never be handed out twice), or fix the entry by hand.';
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['{ "version": 2, "modules": {} }', 'not a code registry of version 1 (expected {"version": 1, "modules": {...}})'],
      ['{ "version": 1, "rangeSize": 50, "modules": {} }', '"rangeSize" must be 100'],
      ['{ "version": 1, "modules": [] }', '"modules" must be an object of module name to its codes'],
      ['{ "version": 1, "modules": { "a": { "range": [1000, 1050], "next": 1000, "codes": [] } } }', 'module "a": "range" must be [start, start + 99]'],
      ['{ "version": 1, "modules": { "a": { "range": [1000, 1099], "next": 1200, "codes": [] } } }', 'module "a": "next" must lie in 1000-1100'],
      [
        '{ "version": 1, "modules": { "a": { "range": [1000, 1099], "next": 1001, "codes": [{ "code": 1000, "text": "x", "category": "bad" }] } } }',
        'module "a", codes[0] must be {"code": <number>, "text": <string>, "category": <category>}',
      ],
      [
        '{ "version": 1, "modules": { "a": { "range": [1000, 1099], "next": 1001, "codes": [{ "code": 1005, "text": "x", "category": "internal" }] } } }',
        'module "a", codes[0]: code 1005 lies outside the handed-out part 1000-1000 of the range',
      ],
      [
        '{ "version": 1, "modules": { "a": { "range": [1000, 1099], "next": 1000, "codes": [] }, "b": { "range": [1000, 1099], "next": 1000, "codes": [] } } }',
        'module "b" and module "a" have the same range 1000-1099',
      ],
    ];
    for (const [text, what] of cases) {
      const error = await broken(text);
      expect(error.message).toBe(`${file(error)}: ${what}${suffix}`);
      expect(error.exitCode).toBe(2);
    }
  });
});
