import { readFileSync } from 'node:fs';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { ts } from '#typescript';
import { UserError } from '../engine/user-error.js';
import { MAX_FILE_LINES } from './rules/max-file-lines.js';
import { STANDARD_IMPORT } from './rules/standard-import.js';
import { STANDARD_RULES } from './rules/standard-rules.js';
import { DEFAULT_COMPLIANCE, DEFAULT_MAX_FILE_LINES, type ComplianceSettings, type TeamPattern, type TeamRule } from './types.js';

/**
 * The config's `compliance` key:
 *
 *     "compliance": {
 *       "max-file-lines": 300,                // or { "limit": 300, "fail": true }, or false
 *       "standard-import": { "fail": true },  // or false
 *       "rules": [{ "id": "joblog", "description": "...", "require": "calls:jobLog.run", "files": "pkg/jobs/**", "fail": true }]
 *     }
 */
export interface RawCompliance {
  'max-file-lines'?: number | false | { limit?: number; fail?: boolean };
  'standard-import'?: boolean | { fail?: boolean };
  rules?: Array<{ id: string; description: string; require?: string; forbid?: string; files?: string | string[]; fail?: boolean }>;
}

const KEYS = ['max-file-lines', 'standard-import', 'rules'];
const RULE_KEYS = ['id', 'description', 'require', 'forbid', 'files', 'fail'];
const RESERVED = new Set([MAX_FILE_LINES.id, STANDARD_IMPORT.id, ...STANDARD_RULES.map((r) => r.id)]);

type JsonPath = Array<string | number>;

/**
 * `source` names the config as the loader does: a file, or `package.json ("migrateErrors")`.
 * The place of a bad value is found again in the file's text, so that a message reads
 * `file:line:column`, as a JSON syntax error's does.
 */
function where(source: string, at: JsonPath): string {
  const keyed = /^(.*) \("(\w+)"\)$/.exec(source);
  const file = keyed ? keyed[1]! : source;
  try {
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const tree = parseTree(text);
    const full = [...(keyed ? [keyed[2]!] : []), 'compliance', ...at];
    // A missing key is reported where it belongs: the closest enclosing value that is there.
    if (!tree) return source;
    let node = findNodeAtLocation(tree, full);
    for (let depth = full.length - 1; !node && depth >= 0; depth--) node = findNodeAtLocation(tree, full.slice(0, depth));
    if (!node) return source;
    const before = text.slice(0, node.offset);
    return `${file}:${before.split('\n').length}:${node.offset - before.lastIndexOf('\n')}`;
  } catch {
    return source;
  }
}

const label = (at: JsonPath): string => ['compliance', ...at].map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').slice(1);

/** Validates the `compliance` key; every message names the file, line and column, and what to write instead. */
export function validateCompliance(value: unknown, source: string): RawCompliance {
  const fail = (at: JsonPath, problem: string): never => {
    throw new UserError(`${where(source, at)}: "${label(at)}" ${problem}. Fix it and run again.`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const onlyKeys = (v: Record<string, unknown>, at: JsonPath, keys: readonly string[]): void => {
    for (const key of Object.keys(v)) if (!keys.includes(key)) fail([...at, key], `is not a known key; allowed keys are ${keys.map((k) => `"${k}"`).join(', ')}`);
  };
  const boolean = (v: unknown, at: JsonPath): void => void (v === undefined || typeof v === 'boolean' || fail(at, 'must be true or false'));
  const limit = (v: unknown, at: JsonPath): void => void (Number.isInteger(v) && (v as number) > 0 ? 0 : fail(at, 'must be a whole number of lines, at least 1'));

  if (!isObject(value)) return fail([], 'must be an object');
  onlyKeys(value, [], KEYS);
  const max = value['max-file-lines'];
  if (isObject(max)) {
    onlyKeys(max, ['max-file-lines'], ['limit', 'fail']);
    if (max.limit !== undefined) limit(max.limit, ['max-file-lines', 'limit']);
    boolean(max.fail, ['max-file-lines', 'fail']);
  } else if (max !== undefined && max !== false) limit(max, ['max-file-lines']);
  const imports = value['standard-import'];
  if (isObject(imports)) {
    onlyKeys(imports, ['standard-import'], ['fail']);
    boolean(imports.fail, ['standard-import', 'fail']);
  } else boolean(imports, ['standard-import']);

  if (value.rules !== undefined && !Array.isArray(value.rules)) fail(['rules'], 'must be an array of rules');
  const seen = new Set<string>();
  ((value.rules as unknown[] | undefined) ?? []).forEach((rule, i) => {
    const at: JsonPath = ['rules', i];
    if (!isObject(rule)) return fail(at, 'must be an object with "id", "description", "require" or "forbid", and "files"');
    onlyKeys(rule, at, RULE_KEYS);
    if (typeof rule.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(rule.id)) fail([...at, 'id'], 'must be a rule id of lowercase letters, digits and dashes, such as "joblog"');
    const id = rule.id as string;
    if (RESERVED.has(id)) fail([...at, 'id'], `is the id of a built-in rule; choose another`);
    if (seen.has(id)) fail([...at, 'id'], `repeats the id "${id}"; each rule needs its own`);
    seen.add(id);
    if (typeof rule.description !== 'string' || rule.description.trim() === '') fail([...at, 'description'], 'must be a non-empty string saying what the rule asks for');
    const modes = (['require', 'forbid'] as const).filter((mode) => rule[mode] !== undefined);
    if (modes.length !== 1) fail(at, 'needs exactly one of "require" and "forbid"');
    const mode = modes[0]!;
    if (typeof rule[mode] !== 'string' || rule[mode] === '') fail([...at, mode], 'must be a non-empty string: a regular expression, "kind:<SyntaxKind>" or "calls:<name>"');
    parsePattern(rule[mode] as string, (problem) => fail([...at, mode], problem));
    const files = rule.files;
    if (files !== undefined && !(typeof files === 'string' && files !== '') && !(Array.isArray(files) && files.length > 0 && files.every((f) => typeof f === 'string' && f !== ''))) {
      fail([...at, 'files'], 'must be a glob or an array of globs, relative to the config\'s folder');
    }
    boolean(rule.fail, [...at, 'fail']);
  });
  return value as RawCompliance;
}

/** A rule's `require`/`forbid` string; `invalid` says what is wrong with it. */
export function parsePattern(written: string, invalid: (problem: string) => never): TeamPattern {
  const [, prefix, rest] = /^(kind|calls):(.*)$/s.exec(written) ?? [];
  if (prefix === 'kind') {
    if (!/^[A-Z]\w*$/.test(rest!) || typeof ts.SyntaxKind[rest as keyof typeof ts.SyntaxKind] !== 'number') {
      invalid(`names no TypeScript syntax kind ("${rest}"); write it as TypeScript names it, such as "kind:NonNullExpression"`);
    }
    return { type: 'kind', kind: rest! };
  }
  if (prefix === 'calls') {
    if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(rest!)) invalid(`needs a function name after "calls:", such as "calls:jobLog.start" (got "${rest}")`);
    return { type: 'calls', name: rest! };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(written, 'm');
  } catch (error) {
    return invalid(`is not a valid regular expression (${(error as Error).message})`);
  }
  if (regex.test('')) invalid('matches an empty text, so it would match everywhere; make it match something');
  return { type: 'regex', source: written };
}

/** The settings with their defaults: `max-file-lines` 500 and `standard-import` on, neither failing `check`. */
export function resolveCompliance(raw: RawCompliance | undefined): ComplianceSettings {
  if (!raw) return DEFAULT_COMPLIANCE;
  const max = raw['max-file-lines'];
  const imports = raw['standard-import'];
  return {
    maxFileLines:
      max === false
        ? { ...DEFAULT_COMPLIANCE.maxFileLines, enabled: false }
        : typeof max === 'number'
          ? { enabled: true, limit: max, fail: false }
          : { enabled: true, limit: max?.limit ?? DEFAULT_MAX_FILE_LINES, fail: max?.fail ?? false },
    standardImport: imports === false ? { enabled: false, fail: false } : { enabled: true, fail: typeof imports === 'object' ? (imports.fail ?? false) : false },
    rules: (raw.rules ?? []).map((rule): TeamRule => {
      const mode = rule.require !== undefined ? 'require' : 'forbid';
      const written = (rule.require ?? rule.forbid)!;
      return {
        id: rule.id,
        description: rule.description,
        mode,
        written,
        pattern: parsePattern(written, (problem) => {
          throw new UserError(`compliance rule "${rule.id}": ${problem}.`);
        }),
        files: rule.files === undefined ? ['**'] : typeof rule.files === 'string' ? [rule.files] : rule.files,
        fail: rule.fail ?? false,
      };
    }),
  };
}
