import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from './user-error.js';
import type { ResolvedConfig } from '../config/load.js';
import type { EnabledTransform } from './migrate-file.js';
import type { Transform } from './transform.js';

export interface TransformSelection {
  /** `--transform a,b`: only these (plus `import`, which the others need). */
  readonly only?: readonly string[] | undefined;
  /** `--skip a,b`. */
  readonly skip?: readonly string[] | undefined;
}

/**
 * The transforms to run, in order: the built-ins the caller hands over, then the config's plugins,
 * filtered by the config's on/off switches and by `--transform` / `--skip`. Unknown ids are
 * errors, never ignored.
 */
export async function selectTransforms(config: ResolvedConfig, selection: TransformSelection, builtins: readonly Transform[]): Promise<EnabledTransform[]> {
  const all = [...builtins.filter((t) => t.id !== 'import'), ...(await loadPlugins(config)), ...builtins.filter((t) => t.id === 'import')];
  const known = new Set(all.map((t) => t.id));
  const unknown = (ids: readonly string[], where: string) => {
    const bad = ids.filter((id) => !known.has(id));
    if (bad.length > 0) {
      throw new UserError(`${where}: unknown transform ${bad.map((id) => `"${id}"`).join(', ')}; known transforms are ${[...known].join(', ')}.`);
    }
  };
  unknown(Object.keys(config.transforms), config.source ?? 'config');
  unknown(selection.only ?? [], '--transform');
  unknown(selection.skip ?? [], '--skip');

  return all
    .filter((t) => config.transforms[t.id]?.enabled !== false)
    .filter((t) => !selection.only || t.id === 'import' || selection.only.includes(t.id))
    .filter((t) => !selection.skip?.includes(t.id))
    .map((transform) => ({ transform, options: config.transforms[transform.id]?.options ?? {} }));
}

/** A plugin is a module whose default export is a transform or an array of them. */
async function loadPlugins(config: ResolvedConfig): Promise<Transform[]> {
  const transforms: Transform[] = [];
  for (const plugin of config.plugins) {
    const file = path.resolve(config.root, plugin);
    let loaded: unknown;
    try {
      loaded = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    } catch (error) {
      throw new UserError(`${config.source}: plugin "${plugin}" cannot be loaded (${(error as Error).message.split('\n')[0]}).`);
    }
    for (const candidate of Array.isArray(loaded) ? loaded : [loaded]) {
      if (!isTransform(candidate)) {
        throw new UserError(`${config.source}: plugin "${plugin}" must export default a transform ({ id, description, needsTypes, create }) or an array of them.`);
      }
      transforms.push(candidate);
    }
  }
  return transforms;
}

function isTransform(value: unknown): value is Transform {
  const t = value as Partial<Transform> | null;
  return !!t && typeof t.id === 'string' && typeof t.description === 'string' && typeof t.create === 'function';
}
