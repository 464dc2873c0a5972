import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { factsHold, FileSystemRecorder } from '../src/cache/recorded-file-system.js';
import { lookupsKey, RecordedLookups } from '../src/cache/recorded-lookups.js';
import { loadProject, type ProjectSettings } from '../src/engine/project.js';
import { tempDir } from './helpers/temp-repo.js';

/** A project whose tsconfig extends another and includes one folder, with one more folder it does not include. */
function project(): { root: string; tsconfig: string } {
  const root = tempDir();
  mkdirSync(path.join(root, 'src/nested'), { recursive: true });
  mkdirSync(path.join(root, 'scripts'));
  writeFileSync(path.join(root, 'base.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext' } }));
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ extends: './base.json', include: ['src'] }));
  writeFileSync(path.join(root, 'src/a.ts'), 'export const a = 1;\n');
  writeFileSync(path.join(root, 'src/nested/b.ts'), 'export const b = 2;\n');
  writeFileSync(path.join(root, 'scripts/tool.ts'), 'export const tool = 3;\n');
  return { root, tsconfig: path.join(root, 'tsconfig.json') };
}

/** Loads the project through a recorder and returns what it looked at. */
function recorded(tsconfig: string) {
  const recorder = new FileSystemRecorder();
  const settings = loadProject(tsconfig, recorder.host);
  return { settings, facts: recorder.facts()! };
}

describe('the file system facts behind a parsed tsconfig', () => {
  it('give the same settings as the plain parse, and hold while nothing they name changes', () => {
    const { root, tsconfig } = project();
    const { settings, facts } = recorded(tsconfig);
    expect(settings).toEqual(loadProject(tsconfig));
    expect(settings.programFiles).toEqual([path.join(root, 'src/a.ts'), path.join(root, 'src/nested/b.ts')]);
    expect(factsHold(facts)).toBe(true);
    // A folder the include does not reach is not one of the facts; nor is a file the compiler never lists.
    writeFileSync(path.join(root, 'scripts/other.ts'), 'export const other = 4;\n');
    writeFileSync(path.join(root, '.migrate-errors-cache'), '{}');
    writeFileSync(path.join(root, 'src/README.md'), '# notes\n');
    expect(factsHold(facts)).toBe(true);
  });

  it.each([
    ['the extended config changes', (root: string) => writeFileSync(path.join(root, 'base.json'), JSON.stringify({ compilerOptions: { strict: false } }))],
    ['a file appears in an included folder', (root: string) => writeFileSync(path.join(root, 'src/nested/c.ts'), 'export const c = 5;\n')],
    ['a JSON file appears in an included folder', (root: string) => writeFileSync(path.join(root, 'src/data.json'), '{}')],
    ['a file goes away', (root: string) => rmSync(path.join(root, 'src/a.ts'))],
    ['a folder appears', (root: string) => mkdirSync(path.join(root, 'src/more'))],
    ['a link to a folder appears', (root: string) => symlinkSync(path.join(root, 'scripts'), path.join(root, 'src/linked'))],
    ['the extended config goes away', (root: string) => rmSync(path.join(root, 'base.json'))],
  ])('no longer hold when %s', (_what, change) => {
    const { root, tsconfig } = project();
    const { facts } = recorded(tsconfig);
    change(root);
    expect(factsHold(facts)).toBe(false);
  });
});

describe('lookups kept in the cache', () => {
  const key = (tsconfig: string) => lookupsKey('1.0.0', tsconfig);
  /** Stores the lookups as the cache file does (JSON), and reads them back for the next run. */
  const nextRun = (lookups: RecordedLookups, tsconfig: string) => new RecordedLookups(JSON.parse(JSON.stringify(lookups.stored())), key(tsconfig));

  it('give the project, formats and automatic types without loading the project again while the facts hold', () => {
    const { root, tsconfig } = project();
    mkdirSync(path.join(root, 'node_modules/@types/thing'), { recursive: true });
    writeFileSync(path.join(root, 'node_modules/@types/thing/index.d.ts'), 'declare const thing: number;\n');
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module' }));
    const first = new RecordedLookups(undefined, key(tsconfig));
    const settings = first.project((host) => loadProject(tsconfig, host));
    const format = first.format(path.join(root, 'src/a.ts'), settings.options);
    const automatic = first.automaticTypes(settings.options);
    expect(format).toBe(99); // ESNext: the package.json says "module"
    expect(first.changed).toBe(true);

    const loads: string[] = [];
    const second = nextRun(first, tsconfig);
    const load = (): ProjectSettings => {
      loads.push('load');
      return loadProject(tsconfig);
    };
    expect(second.project(load)).toEqual(JSON.parse(JSON.stringify(settings)));
    expect(second.format(path.join(root, 'src/nested/b.ts'), settings.options)).toBe(99); // another folder: worked out now
    expect(second.format(path.join(root, 'src/a.ts'), settings.options)).toBe(format);
    expect(second.automaticTypes(settings.options)).toEqual(automatic);
    expect(loads).toEqual([]);
    expect(second.changed).toBe(true); // the new folder's format is stored

    const third = nextRun(second, tsconfig);
    third.project(load);
    third.format(path.join(root, 'src/nested/b.ts'), settings.options);
    expect(third.changed).toBe(false);
    expect(loads).toEqual([]);

    // The nearest package.json decides the format: a new one in src is a new fact.
    writeFileSync(path.join(root, 'src/package.json'), JSON.stringify({ type: 'commonjs' }));
    const fourth = nextRun(third, tsconfig);
    fourth.project(load);
    expect(loads).toEqual(['load']);
    expect(fourth.format(path.join(root, 'src/a.ts'), settings.options)).toBe(1); // CommonJS
  });

  it('are not taken for another tsconfig, nor when they do not look right', () => {
    const { root, tsconfig } = project();
    const first = new RecordedLookups(undefined, key(tsconfig));
    first.project((host) => loadProject(tsconfig, host));
    const other = path.join(root, 'tsconfig.other.json');
    writeFileSync(other, JSON.stringify({ include: ['scripts'] }));
    let loaded = 0;
    const counting = (file: string) => () => {
      loaded++;
      return loadProject(file);
    };
    nextRun(first, other).project(counting(other));
    new RecordedLookups({ key: key(tsconfig), facts: { reads: 'not a table' }, formats: {} }, key(tsconfig)).project(counting(tsconfig));
    expect(loaded).toBe(2);
  });
});
