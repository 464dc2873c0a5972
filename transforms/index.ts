import type { Transform } from '../src/engine/transform.js';
import { importStandard } from './import.js';
import { nonNull } from './non-null.js';

/** Built-in transforms in run order. `import` is last: it imports what the others used. */
export const BUILTIN_TRANSFORMS: readonly Transform[] = [nonNull, importStandard];
