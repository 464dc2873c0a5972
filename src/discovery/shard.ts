import { UserError } from '../engine/user-error.js';

/** `--shard k/n`: this run is shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UserError(`--shard ${text}: expected k/n with 1 <= k <= n, e.g. --shard 2/4 for the second of four CI jobs.`);
  }
  return { index, count };
}

/**
 * The modules of one shard. Whole modules go to one shard (so per-module numbers stay whole),
 * balanced by file count: largest module first, each to the shard with the fewest files so far
 * (ties to the lowest shard). Every machine of a CI matrix computes the same split.
 */
export function modulesOfShard(filesPerModule: ReadonlyMap<string, number>, shard: Shard): Set<string> {
  const load = new Array<number>(shard.count).fill(0);
  const mine = new Set<string>();
  const bySize = [...filesPerModule].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  for (const [module, files] of bySize) {
    const target = load.indexOf(Math.min(...load));
    load[target]! += files;
    if (target === shard.index - 1) mine.add(module);
  }
  return mine;
}
