import type { Site } from '../engine/site.js';
import type { AcceptedException, FileFacts, ListedViolation, RuleResult } from './types.js';

/** A file as the rules see it: what the analysis found in it (a `FileOutcome` is one). */
export interface AnalysedFile {
  readonly file: string;
  readonly module: string;
  readonly status: 'unchanged' | 'changed' | 'skipped';
  readonly declined?: boolean;
  readonly sites: readonly Site[];
  readonly importsStandard: boolean;
  readonly facts?: FileFacts;
}

/** One rule's numbers over a set of files, and what it lists. */
export interface RuleEvaluation {
  readonly violations: number;
  readonly checked: number;
  readonly unit: RuleResult['unit'];
  readonly exceptions: number;
  readonly largest?: { readonly file: string; readonly lines: number } | null;
  readonly listed: readonly ListedViolation[];
  readonly accepted: readonly AcceptedException[];
}
