import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ts } from '#typescript';
import { renderCatalog } from '../../catalog/render.js';
import { scanErrorDefinitions, type CatalogSite } from '../../catalog/scan.js';
import { CodeRegistry } from '../../codes/registry.js';
import { writeOwnFileAtomic } from '../../engine/atomic-write.js';
import { loadConfig, startDirFor } from '../../config/load.js';
import { readSource } from '../../engine/read-source.js';
import { syntaxErrors } from '../../engine/syntax.js';
import type { Io } from '../io.js';
import { loadWorkspace } from '../pipeline.js';
import { toPosix } from '../../engine/session.js';

export const DEFAULT_CATALOG = 'ERROR_CATALOG.md';

export interface CatalogOptions {
  readonly config?: string;
  readonly project?: string;
  readonly include?: string[];
  readonly exclude?: string[];
  /** Where to write, relative to the working directory; default ERROR_CATALOG.md at the root. */
  readonly output?: string;
}

/**
 * Writes the error catalog (SPEC section 2): every error code the code defines, from the same
 * files the other commands migrate, plus the registry's retired codes. Only parses: no type
 * checking, no transforms.
 */
export async function catalogCommand(paths: readonly string[], options: CatalogOptions, io: Io): Promise<number> {
  const cwd = process.cwd();
  const config = await loadConfig({ configFile: options.config, project: options.project, startDir: await startDirFor(paths, cwd) });
  const { files, reads } = await loadWorkspace(config, paths, options, cwd);
  const registry = await CodeRegistry.load(config.root, config.codes);

  const sites: CatalogSite[] = [];
  for (const absolute of files) {
    const file = toPosix(path.relative(config.root, absolute));
    const read = reads.get(absolute) ?? readSource(absolute);
    const sourceFile = read.ok ? ts.createSourceFile(absolute, read.source.text, ts.ScriptTarget.Latest, true) : undefined;
    if (!sourceFile || syntaxErrors(sourceFile).length > 0) {
      io.stderr.write(`${io.err.yellow('skipped')} ${file}: ${read.ok ? 'does not parse' : read.reason}\n`);
      continue;
    }
    sites.push(...scanErrorDefinitions(sourceFile, file));
  }

  const target = options.output ? path.resolve(cwd, options.output) : path.join(config.root, DEFAULT_CATALOG);
  const text = renderCatalog({ sites, registry: registry.entries(), registryFile: toPosix(path.relative(config.root, registry.file)) });
  const unchanged = existsSync(target) && (await fs.readFile(target, 'utf8')) === text;
  if (!unchanged) await writeOwnFileAtomic(target, text);
  const codes = new Set(sites.map((s) => `${s.module}:${s.code}`)).size;
  const modules = new Set(sites.map((s) => s.module)).size;
  io.stdout.write(`${unchanged ? 'Catalog up to date' : 'Catalog written'}: ${path.relative(cwd, target) || target} (${codes} code(s) in ${modules} module(s)).\n`);
  return 0;
}
