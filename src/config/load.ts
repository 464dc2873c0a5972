import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../engine/user-error.js';
import { resolveCompliance } from '../compliance/config.js';
import type { ComplianceSettings } from '../compliance/types.js';
import { readJsonFile } from './json-file.js';
import { validateConfig, type RawConfig, type StandardConfig, type TransformSetting } from './schema.js';

export const CONFIG_FILE = 'migrate-errors.config.json';
export const PACKAGE_KEY = 'migrateErrors';
export const DEFAULT_STANDARD_PATH = 'src/errors/index.ts';
export const DEFAULT_CODES_FILE = 'errors.codes.json';

export interface ResolvedConfig {
  /** Every relative path in the config and in the outputs is relative to this folder. */
  readonly root: string;
  /** Where the config came from (a config file or package.json), or undefined for defaults. */
  readonly source: string | undefined;
  /** Include globs, or undefined for the defaults (which depend on `allowJs`). */
  readonly include: readonly string[] | undefined;
  readonly exclude: readonly string[];
  readonly gitignore: boolean;
  /** Absolute path of the tsconfig, or undefined when there is none. */
  readonly project: string | undefined;
  readonly modules: readonly string[] | undefined;
  readonly standard: StandardConfig;
  readonly transforms: Readonly<Record<string, TransformSetting>>;
  readonly codes: string;
  readonly report: string | undefined;
  readonly plugins: readonly string[];
  /** The project's rules for the report's "Compliance" section and `check --compliance`. */
  readonly compliance: ComplianceSettings;
}

export interface LoadConfigOptions {
  /** `--config`: an explicit config file. */
  readonly configFile?: string | undefined;
  /** `--project`: an explicit tsconfig. */
  readonly project?: string | undefined;
  /** Where to start looking for the config: the first path argument, or the working directory. */
  readonly startDir: string;
}

/**
 * Finds the config (an explicit file, else the nearest `migrate-errors.config.json` or
 * package.json with a `migrateErrors` key above `startDir`), validates it and fills in defaults.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const found = options.configFile ? await explicitConfig(options.configFile) : await findConfig(options.startDir);
  const root = found ? path.dirname(found.file) : findRoot(options.startDir);
  const raw = found?.config ?? {};
  const projectOption = options.project ? path.resolve(options.project) : raw.project ? path.resolve(root, raw.project) : undefined;
  if (projectOption && !existsSync(projectOption)) {
    throw new UserError(`${found?.file ?? '--project'}: the tsconfig "${projectOption}" does not exist. Point "project" at the project's tsconfig.json.`);
  }
  const defaultProject = path.join(root, 'tsconfig.json');
  return {
    root,
    source: found?.file,
    include: raw.include,
    exclude: raw.exclude ?? [],
    gitignore: raw.gitignore ?? true,
    project: projectOption ?? (existsSync(defaultProject) ? defaultProject : undefined),
    modules: raw.modules,
    standard: {
      path: raw.standard?.path ?? DEFAULT_STANDARD_PATH,
      package: raw.standard?.package,
      importStyle: raw.standard?.importStyle ?? 'named',
      namespace: raw.standard?.namespace ?? 'verrors',
      names: raw.standard?.names ?? {},
    },
    transforms: Object.fromEntries(
      Object.entries(raw.transforms ?? {}).map(([id, setting]) => {
        if (typeof setting === 'boolean') return [id, { enabled: setting, options: {} }];
        const { enabled = true, ...rest } = setting;
        return [id, { enabled: enabled as boolean, options: rest }];
      }),
    ),
    codes: raw.codes ?? DEFAULT_CODES_FILE,
    report: raw.report,
    plugins: raw.plugins ?? [],
    compliance: resolveCompliance(raw.compliance),
  };
}

async function explicitConfig(file: string): Promise<{ file: string; config: RawConfig }> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new UserError(`--config ${file}: no such file. Run \`migrate-errors init\` to write one.`);
  const json = await readJsonFile(absolute);
  if (path.basename(absolute) === 'package.json') return { file: absolute, config: validateConfig((json as Record<string, unknown>)[PACKAGE_KEY] ?? {}, `${absolute} ("${PACKAGE_KEY}")`) };
  return { file: absolute, config: validateConfig(json, absolute) };
}

async function findConfig(startDir: string): Promise<{ file: string; config: RawConfig } | undefined> {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE);
    if (existsSync(file)) return { file, config: validateConfig(await readJsonFile(file), file) };
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = (await readJsonFile(pkg)) as Record<string, unknown> | null;
      if (json && typeof json === 'object' && PACKAGE_KEY in json) {
        return { file: pkg, config: validateConfig(json[PACKAGE_KEY], `${pkg} ("${PACKAGE_KEY}")`) };
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Without a config, the root is the nearest folder above that looks like a project. */
function findRoot(startDir: string): string {
  const start = path.resolve(startDir);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (['.git', 'package.json', 'tsconfig.json'].some((marker) => existsSync(path.join(dir, marker)))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** The folder to start the config search from: a directory argument, or a file's folder. */
export async function startDirFor(paths: readonly string[], cwd: string): Promise<string> {
  const first = paths[0];
  if (!first) return cwd;
  const absolute = path.resolve(cwd, first);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) throw new UserError(`${first}: no such file or directory.`);
  return stat.isDirectory() ? absolute : path.dirname(absolute);
}
