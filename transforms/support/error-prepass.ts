import type { PrepareByFile, PreparedSource, ProjectFiles, TransformContext } from '../../src/engine/transform.js';
import { fileDiscriminators, reachFromParts, type Discriminator, type DiscriminatorReach } from './discriminators.js';
import { pinsFromParts, pinsIn, type TestPins, type TestPinsPart } from './test-pins.js';

/**
 * What `typed-throw` and `sentinel` learn from the whole project before any file is walked: the
 * code that would tell a converted error from the original (exact-class and string checks), and the
 * tests that compare it with a plain Error whole. Either holds the conversion back.
 */
export interface ErrorPrepass {
  readonly reach: DiscriminatorReach;
  readonly pins: TestPins;
}

// Both transforms run the same pre-pass: each file's part, and the result, are worked out once.
const discriminatorsBySource = new WeakMap<PreparedSource, readonly Discriminator[] | null>();
const pinsBySource = new WeakMap<PreparedSource, TestPinsPart | null>();
const prepassByProject = new WeakMap<ProjectFiles, ErrorPrepass>();

function remembered<K extends object, V>(memory: WeakMap<K, V>, key: K, work: () => V): V {
  if (memory.has(key)) return memory.get(key)!;
  const value = work();
  memory.set(key, value);
  return value;
}

/**
 * A file's part is its discriminators (null when none, which keeps the cache small), a test
 * file's part what it pins; the combine step follows imports between modules for the reach.
 */
export const errorPrepass: PrepareByFile = {
  file: (file) =>
    remembered(discriminatorsBySource, file, () => {
      const found = fileDiscriminators(file);
      return found.length > 0 ? found : null;
    }),
  testFile: (test) => remembered(pinsBySource, test, () => pinsIn(test)),
  combine: (parts, project) =>
    remembered(prepassByProject, project, () => ({
      reach: reachFromParts(
        parts.files.map(({ file, part }) => ({ file, discriminators: (part as readonly Discriminator[] | null) ?? [] })),
        project,
      ),
      pins: pinsFromParts(parts.tests.map(({ file, part }) => ({ file: file.file, part: part as TestPinsPart | null }))),
    })),
};

export const reachOf = (context: TransformContext): DiscriminatorReach | undefined => (context.prepared as ErrorPrepass | undefined)?.reach;

export const pinsOf = (context: TransformContext): TestPins | undefined => (context.prepared as ErrorPrepass | undefined)?.pins;
