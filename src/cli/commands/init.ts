import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { readJsonFile } from '../../config/json-file.js';
import { CONFIG_FILE, DEFAULT_STANDARD_PATH } from '../../config/load.js';
import { missingStandardNames } from '../../engine/module-exports.js';
import { unifiedDiff } from '../../output/diff.js';
import { standardModuleSource } from '../../standard/template.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';

export interface InitOptions {
  /** Folder of the standard module, relative to the working directory. */
  readonly dir: string;
  readonly force: boolean;
}

/** The folder `init` writes to unless told otherwise (`--dir`). */
const DEFAULT_DIR = path.posix.dirname(DEFAULT_STANDARD_PATH);

/** The header line of the module `init` writes: a file with it is a version of the standard. */
const WRITTEN_BY_INIT = /Written by `migrate-errors init`/;

/** What `import '../errors'` reaches before the folder's index: a file of the same name. */
const FOLDER_TAKERS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx'];

type Names = Readonly<Record<string, string>>;

/** The parts of an existing config that `init` reads (it was validated when a command loaded it). */
interface ExistingConfig {
  readonly standard?: { readonly path?: string; readonly package?: string; readonly names?: Names };
}

/** What is at a candidate place for the standard module. */
type Place =
  | { readonly kind: 'free' }
  | { readonly kind: 'current' }
  | { readonly kind: 'older'; readonly text: string }
  | { readonly kind: 'standard' }
  | { readonly kind: 'taken'; readonly why: string };

/**
 * Writes the config and the standard module. The module goes where the imports of it will reach
 * it: not into a folder that a file of the same name shadows (`src/errors.ts` beside
 * `src/errors/`), and not over a project's own module. An older version of the standard is
 * upgraded only with `--force`, after showing the diff.
 */
export async function initCommand(options: InitOptions, io: Io): Promise<number> {
  const root = process.cwd();
  const dir = options.dir.split(path.sep).join('/').replace(/\/+$/, '');
  const template = standardModuleSource();
  const configFile = path.join(root, CONFIG_FILE);
  const existing = existsSync(configFile) ? ((await readJsonFile(configFile)) as ExistingConfig | null) : null;
  // A team's own module whose names the config maps to the standard's is the standard.
  const names = existing?.standard?.names ?? {};
  if (existing?.standard?.package && dir === DEFAULT_DIR) {
    io.stdout.write(`${io.out.yellow('kept')}  ${CONFIG_FILE} (the standard is the package ${existing.standard.package})\n`);
    return 0;
  }
  // A place asked for (`--dir`, or the config's "standard.path") is not moved, only refused.
  const asked = dir !== DEFAULT_DIR ? path.posix.join(dir, 'index.ts') : existing?.standard?.path;
  const { modulePath, notes } = chooseModulePath(root, asked ?? DEFAULT_STANDARD_PATH, asked !== undefined, template, names);
  const written: string[] = [];
  const kept: string[] = [];

  const write = async (relative: string, content: string): Promise<void> => {
    const file = path.join(root, relative);
    if (existsSync(file) && !options.force) {
      kept.push(`${relative} (exists; --force overwrites it)`);
      return;
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
    written.push(relative);
  };

  const config: Record<string, unknown> = {
    ...(modulePath === DEFAULT_STANDARD_PATH ? {} : { standard: { path: modulePath } }),
    codes: 'errors.codes.json',
  };
  if (existing && !options.force) {
    if (await pointConfigAt(configFile, existing, modulePath)) written.push(`${CONFIG_FILE} ("standard.path": "${modulePath}")`);
    else kept.push(`${CONFIG_FILE} (exists; --force overwrites it)`);
  } else {
    await write(CONFIG_FILE, `${JSON.stringify(config, null, 2)}\n`);
  }

  const place = placeOf(root, modulePath, template, names);
  let upgrade = '';
  if (place.kind === 'free' || (place.kind === 'older' && options.force)) {
    await write(modulePath, template);
  } else if (place.kind === 'older') {
    upgrade = unifiedDiff(modulePath, place.text, template, io.out);
    kept.push(`${modulePath} is an older version of the standard (the diff above upgrades it); \`migrate-errors init --force\` applies it.`);
  } else {
    kept.push(`${modulePath} (${place.kind === 'current' ? 'the standard, up to date' : 'exports every name of the standard'})`);
  }

  for (const note of notes) io.stdout.write(`${io.out.yellow('note')}: ${note}\n`);
  io.stdout.write(upgrade);
  for (const file of written) io.stdout.write(`${io.out.green('wrote')} ${file}\n`);
  for (const line of kept) io.stdout.write(`${io.out.yellow('kept')}  ${line}\n`);
  io.stdout.write(`\nNext: \`migrate-errors run --dry-run\` shows the migration, \`migrate-errors run\` applies it.\n`);
  return 0;
}

/**
 * `wanted` (`src/errors/index.ts`), or, when that place is taken and was not asked for, the first
 * free `src/errors-standard/index.ts` beside it (with a note saying why). A place asked for that is
 * taken stops `init` with the reason and the choices.
 */
function chooseModulePath(root: string, wanted: string, explicit: boolean, template: string, names: Names): { modulePath: string; notes: string[] } {
  const dir = path.posix.dirname(wanted);
  const place = placeOf(root, wanted, template, names);
  if (place.kind !== 'taken') return { modulePath: wanted, notes: [] };
  if (explicit) {
    throw new UserError(
      `${place.why}. Choose a free folder with --dir (and set "standard.path"), or keep yours and map the names in "standard.names" of ${CONFIG_FILE}.`,
    );
  }
  for (let n = 1; ; n++) {
    const candidate = path.posix.join(`${dir}-standard${n === 1 ? '' : `-${n}`}`, 'index.ts');
    const other = placeOf(root, candidate, template, names);
    if (other.kind === 'taken') continue;
    const hint = place.why.includes("project's own module") ? '; to use yours instead, map the names in "standard.names"' : '';
    return { modulePath: candidate, notes: [`${place.why}, so the standard goes to ${candidate}${hint}.`] };
  }
}

function placeOf(root: string, modulePath: string, template: string, names: Names): Place {
  const file = path.join(root, modulePath);
  const folder = path.dirname(file);
  const isIndex = path.basename(file).startsWith('index.');
  const shadow = isIndex ? FOLDER_TAKERS.map((ext) => folder + ext).find((candidate) => existsSync(candidate)) : undefined;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    if (text === template) return { kind: 'current' };
    if (WRITTEN_BY_INIT.test(text.slice(0, 500))) return { kind: 'older', text };
    const missing = missingStandardNames(file, names);
    if (missing.length === 0) return { kind: 'standard' };
    const listed = missing.length > 3 ? `${missing.slice(0, 3).join(', ')}, ...` : missing.join(', ');
    return { kind: 'taken', why: `${modulePath} is the project's own module (it does not export ${listed})` };
  }
  if (shadow) {
    const relative = path.relative(root, shadow).split(path.sep).join('/');
    return { kind: 'taken', why: `${relative} would take the imports of ${modulePath} (\`../${path.basename(folder)}\`)` };
  }
  return { kind: 'free' };
}

/** An existing config that names another place for the standard gets this one; its comments stay. */
async function pointConfigAt(configFile: string, raw: ExistingConfig, modulePath: string): Promise<boolean> {
  const configured = raw.standard?.path ?? DEFAULT_STANDARD_PATH;
  if (raw.standard?.package || configured === modulePath) return false;
  const text = await fs.readFile(configFile, 'utf8');
  const edits = modify(text, ['standard', 'path'], modulePath, { formattingOptions: { insertSpaces: true, tabSize: 2 } });
  await fs.writeFile(configFile, applyEdits(text, edits));
  return true;
}
