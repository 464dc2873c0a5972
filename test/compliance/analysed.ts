import { ts } from '#typescript';
import { resolveCompliance, type RawCompliance } from '../../src/compliance/config.js';
import { collectFacts } from '../../src/compliance/facts.js';
import type { AnalysedFile } from '../../src/compliance/rule.js';
import type { Site } from '../../src/engine/site.js';

export const STANDARD = { path: 'src/errors/index.ts', package: undefined };

/** A file as the analysis leaves it: parsed, its facts collected under `compliance`. */
export function analysed(file: string, text: string, options: { module?: string; sites?: Site[]; compliance?: RawCompliance; status?: AnalysedFile['status'] } = {}): AnalysedFile {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  return {
    file,
    module: options.module ?? file.split('/').slice(0, 2).join('/'),
    status: options.status ?? 'unchanged',
    sites: options.sites ?? [],
    importsStandard: false,
    facts: collectFacts(sourceFile, file, { compliance: resolveCompliance(options.compliance), standard: STANDARD }),
  };
}

/** A site of `transform` with the given status. */
export function site(transform: string, status: Site['status'], file = 'src/a/a.ts', reason?: string): Site {
  return { transform, file, module: file.split('/').slice(0, 2).join('/'), line: 3, column: 1, endLine: 3, endColumn: 2, message: 'm', status, ...(reason ? { reason } : {}), snippet: 'x', scope: '' };
}
