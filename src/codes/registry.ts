import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../engine/user-error.js';
import { ROOT_MODULE } from '../discovery/modules.js';
import type { ErrorCodes } from '../engine/transform.js';
import { isErrorCategory, type ErrorCategory } from './categories.js';
import { writeOwnFileAtomic } from '../engine/atomic-write.js';

/**
 * The code registry (`errors.codes.json` by default), ERROR_CODE_POLICY style:
 *
 * - every module owns one range of RANGE_SIZE codes; the first module to need a code gets
 *   1000-1099, the next 1100-1199, and so on (0-999 stay free: the standard's own `std`
 *   sentinels use 1-11, and a team may keep hand-made codes there);
 * - ranges and codes are handed out on first use, in the order the engine meets the sites
 *   (files by path, then by position), so the same input always gets the same codes;
 * - a module's `next` only grows and `nextRangeStart` only grows: a code or a range whose
 *   site was deleted is never handed out again;
 * - the same text in the same module keeps its code, in every run and at every site.
 *
 * `run --dry-run`, `check` and `report` allocate exactly as `run` does, in memory; only `run`
 * writes the file back, and only when something was allocated.
 */

export const FIRST_RANGE_START = 1000;
export const RANGE_SIZE = 100;

export interface RegisteredCode {
  readonly code: number;
  readonly text: string;
  readonly category: ErrorCategory;
}

interface ModuleCodes {
  readonly range: readonly [number, number];
  /** The next code to hand out; codes below it are taken, registered or not. */
  next: number;
  readonly codes: RegisteredCode[];
}

export class CodeRegistry implements ErrorCodes {
  private changed = false;

  private constructor(
    /** Absolute path of the registry file. */
    readonly file: string,
    private readonly modules: Map<string, ModuleCodes>,
    private nextRangeStart: number,
    /** What the root module `.` is called in error messages. */
    private readonly rootModuleName: string,
  ) {}

  /** Reads the registry (`codes` of the config, relative to `root`); an empty one when the file does not exist yet. */
  static async load(root: string, codes: string): Promise<CodeRegistry> {
    const file = path.resolve(root, codes);
    const rootName = await rootModuleName(root);
    if (!existsSync(file)) return new CodeRegistry(file, new Map(), FIRST_RANGE_START, rootName);
    let json: unknown;
    try {
      json = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (error) {
      throw new UserError(`${file}: the code registry is not valid JSON (${(error as Error).message}). Restore it from git; codes must never be handed out twice.`);
    }
    const { modules, nextRangeStart } = parseRegistry(json, file);
    return new CodeRegistry(file, modules, nextRangeStart, rootName);
  }

  moduleName(module: string): string {
    return module === ROOT_MODULE ? this.rootModuleName : module;
  }

  whyNoCode(module: string, text: string): string | undefined {
    const codes = this.modules.get(module);
    if (!codes || codes.codes.some((entry) => entry.text === text) || codes.next <= codes.range[1]) return undefined;
    const [first, last] = codes.range;
    return (
      `module ${module} has used all ${last - first + 1} codes of its range ${first}-${last} in ${path.basename(this.file)}; ` +
      "codes are never reused, so give this error one of the module's existing codes by hand"
    );
  }

  codeFor(module: string, text: string, category: ErrorCategory): number {
    const known = this.modules.get(module);
    const registered = known?.codes.find((entry) => entry.text === text);
    if (registered) return registered.code;
    const full = this.whyNoCode(module, text);
    if (full) throw new Error(full);
    const codes = known ?? this.allocateRange(module);
    const code = codes.next++;
    codes.codes.push({ code, text, category });
    this.changed = true;
    return code;
  }

  /** Every registered code by module, modules in range order, for the catalog. */
  entries(): ReadonlyArray<{ readonly module: string; readonly codes: readonly RegisteredCode[] }> {
    return [...this.modules].map(([module, { codes }]) => ({ module, codes }));
  }

  /** Writes the registry back when this session allocated anything; says whether it wrote. Run it before writing sources. */
  async save(): Promise<boolean> {
    if (!this.changed) return false;
    try {
      await writeOwnFileAtomic(this.file, this.serialize());
    } catch (error) {
      throw new UserError(`${this.file}: cannot write the code registry (${(error as Error).message}); nothing was migrated. Make it writable and run again.`, 1);
    }
    this.changed = false;
    return true;
  }

  /** Deterministic JSON: modules in range order, codes in code order, one code per line. */
  serialize(): string {
    const modules = [...this.modules].sort(([, a], [, b]) => a.range[0] - b.range[0]);
    const moduleLines = modules.map(([name, codes]) => {
      const codeLines = [...codes.codes]
        .sort((a, b) => a.code - b.code)
        .map((entry) => `        { "code": ${entry.code}, "text": ${JSON.stringify(entry.text)}, "category": ${JSON.stringify(entry.category)} }`);
      return [
        `    ${JSON.stringify(name)}: {`,
        `      "range": [${codes.range[0]}, ${codes.range[1]}],`,
        `      "next": ${codes.next},`,
        codeLines.length > 0 ? `      "codes": [\n${codeLines.join(',\n')}\n      ]` : '      "codes": []',
        '    }',
      ].join('\n');
    });
    return [
      '{',
      '  "version": 1,',
      `  "rangeSize": ${RANGE_SIZE},`,
      `  "nextRangeStart": ${this.nextRangeStart},`,
      moduleLines.length > 0 ? `  "modules": {\n${moduleLines.join(',\n')}\n  }` : '  "modules": {}',
      '}',
      '',
    ].join('\n');
  }

  private allocateRange(module: string): ModuleCodes {
    const start = this.nextRangeStart;
    const codes: ModuleCodes = { range: [start, start + RANGE_SIZE - 1], next: start, codes: [] };
    this.nextRangeStart = start + RANGE_SIZE;
    this.modules.set(module, codes);
    this.changed = true;
    return codes;
  }
}

/** The package's name (`@acme/api`), else the root folder's name: the root module's error module name. */
async function rootModuleName(root: string): Promise<string> {
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof pkg.name === 'string' && pkg.name.length > 0) return pkg.name;
  } catch {
    // No package.json, or one without a usable name: the folder's name below.
  }
  return path.basename(root);
}

/** Validates the registry file; every message names the file and the entry, and says what to do. */
function parseRegistry(json: unknown, file: string): { modules: Map<string, ModuleCodes>; nextRangeStart: number } {
  const fail = (what: string): never => {
    throw new UserError(`${file}: ${what}. Restore the code registry from git (codes must never be handed out twice), or fix the entry by hand.`);
  };
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  const isCode = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
  if (!isObject(json) || json.version !== 1) fail('not a code registry of version 1 (expected {"version": 1, "modules": {...}})');
  const root = json as Record<string, unknown>;
  if (root.rangeSize !== undefined && root.rangeSize !== RANGE_SIZE) fail(`"rangeSize" must be ${RANGE_SIZE}`);
  if (!isObject(root.modules)) fail('"modules" must be an object of module name to its codes');

  const modules = new Map<string, ModuleCodes>();
  let highestRangeEnd = FIRST_RANGE_START - 1;
  for (const [name, value] of Object.entries(root.modules as Record<string, unknown>)) {
    const where = `module "${name}"`;
    if (!isObject(value)) fail(`${where} must be an object with "range", "next" and "codes"`);
    const entry = value as Record<string, unknown>;
    const range = entry.range;
    if (!Array.isArray(range) || range.length !== 2 || !isCode(range[0]) || range[1] !== range[0] + RANGE_SIZE - 1) {
      fail(`${where}: "range" must be [start, start + ${RANGE_SIZE - 1}]`);
    }
    const [first, last] = range as [number, number];
    if (!isCode(entry.next) || (entry.next as number) < first || (entry.next as number) > last + 1) fail(`${where}: "next" must lie in ${first}-${last + 1}`);
    if (!Array.isArray(entry.codes)) fail(`${where}: "codes" must be an array`);
    const codes: RegisteredCode[] = [];
    for (const [index, item] of (entry.codes as unknown[]).entries()) {
      const at = `${where}, codes[${index}]`;
      if (!isObject(item) || !isCode(item.code) || typeof item.text !== 'string' || !isErrorCategory(item.category)) {
        fail(`${at} must be {"code": <number>, "text": <string>, "category": <category>}`);
      }
      const { code, text, category } = item as { code: number; text: string; category: ErrorCategory };
      if (code < first || code >= (entry.next as number)) fail(`${at}: code ${code} lies outside the handed-out part ${first}-${(entry.next as number) - 1} of the range`);
      codes.push({ code, text, category });
    }
    for (const [otherName, other] of modules) {
      if (other.range[0] === first) fail(`${where} and module "${otherName}" have the same range ${first}-${last}`);
    }
    modules.set(name, { range: [first, last], next: entry.next as number, codes });
    highestRangeEnd = Math.max(highestRangeEnd, last);
  }
  const stored = root.nextRangeStart;
  if (stored !== undefined && !isCode(stored)) fail('"nextRangeStart" must be a number');
  return { modules, nextRangeStart: Math.max((stored as number | undefined) ?? 0, highestRangeEnd + 1) };
}
