import type { ProjectFiles, TransformContext } from '../../src/engine/transform.js';
import { discriminatorReach, type DiscriminatorReach } from './discriminators.js';
import { testPins, type TestPins } from './test-pins.js';

/**
 * What `typed-throw` and `sentinel` learn from the whole project before any file is walked: the
 * code that would tell a converted error from the original (exact-class and string checks), and the
 * tests that compare it with a plain Error whole. Either holds the conversion back.
 */
export interface ErrorPrepass {
  readonly reach: DiscriminatorReach;
  readonly pins: TestPins;
}

export function errorPrepass(project: ProjectFiles): ErrorPrepass {
  return { reach: discriminatorReach(project), pins: testPins(project) };
}

export const reachOf = (context: TransformContext): DiscriminatorReach | undefined => (context.prepared as ErrorPrepass | undefined)?.reach;

export const pinsOf = (context: TransformContext): TestPins | undefined => (context.prepared as ErrorPrepass | undefined)?.pins;
