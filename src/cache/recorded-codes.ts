import type { ErrorCategory } from '../codes/categories.js';
import type { ErrorCodes } from '../engine/transform.js';

/**
 * One request a file's analysis made of the code registry, with its answer. The registry is the
 * one thing files share while they are analysed: codes go to texts in the order sites are met,
 * and a module whose range is full turns later sites manual. A reused outcome replays its
 * requests in the same order, so the files analysed after it see the registry a full run would.
 */
export type CodeRequest =
  | readonly ['moduleName', string, string]
  | readonly ['whyNoCode', string, string, string | null]
  | readonly ['codeFor', string, string, ErrorCategory];

/** The registry as one file's analysis sees it, writing down every request. */
export class RecordingCodes implements ErrorCodes {
  readonly requests: CodeRequest[] = [];

  constructor(private readonly codes: ErrorCodes) {}

  moduleName(module: string): string {
    const name = this.codes.moduleName(module);
    this.requests.push(['moduleName', module, name]);
    return name;
  }

  whyNoCode(module: string, text: string): string | undefined {
    const why = this.codes.whyNoCode(module, text);
    this.requests.push(['whyNoCode', module, text, why ?? null]);
    return why;
  }

  codeFor(module: string, text: string, category: ErrorCategory): number {
    const code = this.codes.codeFor(module, text, category);
    // The number itself reaches only migrated texts, which `check` and `report` do not keep.
    this.requests.push(['codeFor', module, text, category]);
    return code;
  }
}

/**
 * Makes the requests again, in order. False when an answer that shaped the outcome differs now
 * (a module's range filled up earlier in this run): the outcome cannot be trusted then.
 */
export function replayRequests(codes: ErrorCodes, requests: readonly CodeRequest[]): boolean {
  for (const request of requests) {
    switch (request[0]) {
      case 'moduleName':
        if (codes.moduleName(request[1]) !== request[2]) return false;
        break;
      case 'whyNoCode':
        if ((codes.whyNoCode(request[1], request[2]) ?? null) !== request[3]) return false;
        break;
      case 'codeFor':
        try {
          codes.codeFor(request[1], request[2], request[3]);
        } catch {
          return false;
        }
        break;
    }
  }
  return true;
}
