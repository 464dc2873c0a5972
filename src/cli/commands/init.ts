import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, DEFAULT_STANDARD_PATH } from '../../config/load.js';
import { standardModuleSource } from '../../standard/template.js';
import type { Io } from '../io.js';

export interface InitOptions {
  /** Folder of the standard module, relative to the working directory. */
  readonly dir: string;
  readonly force: boolean;
}

/** Writes the config and the standard module; an existing file is kept unless `--force`. */
export async function initCommand(options: InitOptions, io: Io): Promise<number> {
  const root = process.cwd();
  const modulePath = path.posix.join(options.dir.split(path.sep).join('/').replace(/\/+$/, ''), 'index.ts');
  const written: string[] = [];
  const kept: string[] = [];

  const write = async (relative: string, content: string): Promise<void> => {
    const file = path.join(root, relative);
    if (existsSync(file) && !options.force) {
      kept.push(relative);
      return;
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
    written.push(relative);
  };

  const config: Record<string, unknown> = {
    ...(modulePath === DEFAULT_STANDARD_PATH ? {} : { standard: { path: modulePath } }),
    codes: 'errors.codes.json',
    report: 'migration-report.md',
  };
  await write(CONFIG_FILE, `${JSON.stringify(config, null, 2)}\n`);
  await write(modulePath, standardModuleSource());

  for (const file of written) io.stdout.write(`${io.out.green('wrote')} ${file}\n`);
  for (const file of kept) io.stdout.write(`${io.out.yellow('kept')}  ${file} (exists; --force overwrites it)\n`);
  io.stdout.write(`\nNext: \`migrate-errors run --dry-run\` shows the migration, \`migrate-errors run\` applies it.\n`);
  return 0;
}
