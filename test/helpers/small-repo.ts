import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';
import { tempRepo } from './temp-repo.js';

export const STANDARD_MODULE = readFileSync(path.join(REPO_ROOT, 'src/standard/errors-module.ts'), 'utf8');
export const STRICT_TSCONFIG = `${JSON.stringify(
  { compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], skipLibCheck: true, noEmit: true }, include: ['src'] },
  null,
  2,
)}\n`;

/** A small repository under git: a strict tsconfig, the standard module, and the given files. */
export function smallRepo(files: Record<string, string | Buffer>, options: { git?: boolean } = {}): string {
  return tempRepo({
    git: options.git ?? true,
    files: { 'package.json': '{ "type": "module" }\n', 'tsconfig.json': STRICT_TSCONFIG, 'src/errors/index.ts': STANDARD_MODULE, ...files },
  });
}
