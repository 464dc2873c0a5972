import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from './user-error.js';
import { CodeRegistry } from '../codes/registry.js';
import type { WorkerMessage, WorkerRequest } from './parallel.js';
import { analyzeFiles } from './session.js';
import type { Transform } from './transform.js';
import { selectTransforms } from './transforms.js';

/** One analysis thread of `parallel.ts`: its group of files, analysed as on the main thread. */
async function main(request: WorkerRequest): Promise<WorkerMessage> {
  // The built-ins are code, so the thread loads them itself, from where the caller says.
  const { BUILTIN_TRANSFORMS } = (await import(request.builtins)) as { BUILTIN_TRANSFORMS: readonly Transform[] };
  const transforms = await selectTransforms(request.config, request.selection, BUILTIN_TRANSFORMS);
  const codes = await CodeRegistry.load(request.config.root, request.config.codes);
  const outcomes = analyzeFiles({
    config: request.config,
    project: request.project,
    files: request.files,
    transforms,
    allTransformsRun: request.allTransformsRun,
    forWriting: false,
    extraRoots: request.extraRoots,
    prepared: request.prepared,
    codes,
    onFile: (_done, _total, entry) => parentPort!.postMessage({ kind: 'progress', entry } satisfies WorkerMessage),
  });
  return { kind: 'done', outcomes };
}

main(workerData as WorkerRequest)
  .catch((error: unknown): WorkerMessage => ({
    kind: 'failed',
    message: error instanceof Error ? error.message : String(error),
    userError: error instanceof UserError,
    exitCode: error instanceof UserError ? error.exitCode : 1,
  }))
  .then((message) => parentPort!.postMessage(message));
