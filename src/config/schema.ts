import { UserError } from '../engine/user-error.js';
import { validateCompliance, type RawCompliance } from '../compliance/config.js';
import { STANDARD_EXPORTS } from '../standard/exports.js';

export interface StandardConfig {
  /** The standard module's file, relative to the root (written by `init`). */
  readonly path: string;
  /** A package name to import the standard from instead of a relative path. */
  readonly package: string | undefined;
  /** `named`: `import { must } from ...`; `namespace`: `import * as verrors from ...`. */
  readonly importStyle: 'named' | 'namespace';
  readonly namespace: string;
  /** A team's own names for standard exports: `{ "must": "assertDefined" }`. */
  readonly names: Readonly<Record<string, string>>;
}

export interface TransformSetting {
  readonly enabled: boolean;
  readonly options: Readonly<Record<string, unknown>>;
}

/** The config file as the user wrote it, validated; defaults are filled in by `resolveConfig`. */
export interface RawConfig {
  include?: string[];
  exclude?: string[];
  gitignore?: boolean;
  project?: string;
  modules?: string[];
  standard?: Partial<Omit<StandardConfig, 'names'>> & { names?: Record<string, string> };
  transforms?: Record<string, boolean | Record<string, unknown>>;
  codes?: string;
  report?: string;
  plugins?: string[];
  compliance?: RawCompliance;
}

type Check = (value: unknown, where: string) => void;

const fail = (source: string, where: string, expected: string, value: unknown): never => {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new UserError(`${source}: "${where}" must be ${expected} (got ${got}). Fix it and run again.`);
};

function checker(source: string) {
  const string: Check = (v, w) => void (typeof v === 'string' && v.length > 0 ? 0 : fail(source, w, 'a non-empty string', v));
  const boolean: Check = (v, w) => void (typeof v === 'boolean' ? 0 : fail(source, w, 'true or false', v));
  const strings: Check = (v, w) => {
    if (!Array.isArray(v)) fail(source, w, 'an array of strings', v);
    (v as unknown[]).forEach((item, i) => string(item, `${w}[${i}]`));
  };
  const object = (v: unknown, w: string, keys: readonly string[] | undefined): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(source, w, 'an object', v);
    if (keys) {
      for (const key of Object.keys(v)) {
        if (!keys.includes(key)) {
          throw new UserError(`${source}: unknown key "${w ? `${w}.` : ''}${key}"; allowed keys are ${keys.map((k) => `"${k}"`).join(', ')}.`);
        }
      }
    }
    return v as Record<string, unknown>;
  };
  return { string, boolean, strings, object };
}

const TOP_KEYS = ['$schema', 'include', 'exclude', 'gitignore', 'project', 'modules', 'standard', 'transforms', 'codes', 'report', 'plugins', 'compliance'];
const STANDARD_KEYS = ['path', 'package', 'importStyle', 'namespace', 'names'];

/** Validates parsed JSON against the config schema; `source` names the file in every message. */
export function validateConfig(value: unknown, source: string): RawConfig {
  const c = checker(source);
  const config = c.object(value, '', TOP_KEYS);
  for (const key of ['include', 'exclude', 'modules', 'plugins'] as const) {
    if (config[key] !== undefined) c.strings(config[key], key);
  }
  for (const key of ['project', 'codes', 'report'] as const) {
    if (config[key] !== undefined) c.string(config[key], key);
  }
  if (config.gitignore !== undefined) c.boolean(config.gitignore, 'gitignore');
  if (config.standard !== undefined) {
    const standard = c.object(config.standard, 'standard', STANDARD_KEYS);
    for (const key of ['path', 'package', 'namespace'] as const) {
      if (standard[key] !== undefined) c.string(standard[key], `standard.${key}`);
    }
    if (standard.importStyle !== undefined && standard.importStyle !== 'named' && standard.importStyle !== 'namespace') {
      fail(source, 'standard.importStyle', '"named" or "namespace"', standard.importStyle);
    }
    if (standard.names !== undefined) {
      const names = c.object(standard.names, 'standard.names', STANDARD_EXPORTS);
      for (const [key, name] of Object.entries(names)) c.string(name, `standard.names.${key}`);
    }
  }
  if (config.compliance !== undefined) validateCompliance(config.compliance, source);
  if (config.transforms !== undefined) {
    const transforms = c.object(config.transforms, 'transforms', undefined);
    for (const [id, setting] of Object.entries(transforms)) {
      if (typeof setting === 'boolean') continue;
      const options = c.object(setting, `transforms.${id}`, undefined);
      if (options.enabled !== undefined) c.boolean(options.enabled, `transforms.${id}.enabled`);
    }
  }
  return config as RawConfig;
}
