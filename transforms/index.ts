import type { Transform } from '../src/engine/transform.js';
import { asyncCall } from './async-call.js';
import { errorContext } from './error-context.js';
import { importStandard } from './import.js';
import { nonNull } from './non-null.js';
import { sentinel } from './sentinel.js';
import { timer } from './timer.js';
import { typedThrow } from './typed-throw.js';

/** Built-in transforms in run order. `import` is last: it imports what the others used. */
export const BUILTIN_TRANSFORMS: readonly Transform[] = [nonNull, asyncCall, timer, sentinel, typedThrow, errorContext, importStandard];
