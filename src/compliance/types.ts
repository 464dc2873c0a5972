/**
 * The project's rules (SPEC section 5, "Compliance"): the standard's own rules, the built-in
 * `max-file-lines` and `standard-import`, and the team's rules from the config.
 */

/** What a team rule looks for, parsed from its `require` / `forbid` string. */
export type TeamPattern =
  /** A regular expression on the source text. */
  | { readonly type: 'regex'; readonly source: string }
  /** `kind:NonNullExpression`: a syntax kind, by its TypeScript name. */
  | { readonly type: 'kind'; readonly kind: string }
  /** `calls:jobLog.start`: a call whose callee is the name, or ends with `.name`. */
  | { readonly type: 'calls'; readonly name: string };

export interface TeamRule {
  readonly id: string;
  readonly description: string;
  /** `require`: every matched file (or function, for `calls:`) must have it; `forbid`: none may. */
  readonly mode: 'require' | 'forbid';
  /** The pattern as written in the config, for the report. */
  readonly written: string;
  readonly pattern: TeamPattern;
  /** Globs relative to the root; a file matching any of them is checked. */
  readonly files: readonly string[];
  readonly fail: boolean;
}

/** The `compliance` key of the config, defaults filled in; plain data (it goes to analysis threads). */
export interface ComplianceSettings {
  readonly maxFileLines: { readonly enabled: boolean; readonly limit: number; readonly fail: boolean };
  readonly standardImport: { readonly enabled: boolean; readonly fail: boolean };
  readonly rules: readonly TeamRule[];
}

export const DEFAULT_MAX_FILE_LINES = 500;

export const DEFAULT_COMPLIANCE: ComplianceSettings = {
  maxFileLines: { enabled: true, limit: DEFAULT_MAX_FILE_LINES, fail: false },
  standardImport: { enabled: true, fail: false },
  rules: [],
};

/** A place a rule is broken; positions are 1-based. */
export interface RuleViolation {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * What the rules need to know about one parsed file, gathered while it is parsed anyway
 * (plain data: it comes back from analysis threads).
 */
export interface FileFacts {
  /** Lines holding code: not blank, and not only comment (see `code-lines.ts`). */
  readonly codeLines: number;
  /** The file imports the standard module (as read, before any edit). */
  readonly standardImported: boolean;
  /** The file has a `throw` statement or a `catch` clause. */
  readonly handlesErrors: boolean;
  /** Imports of an error module other than the standard: `[specifier, line]`. */
  readonly otherErrorModules: ReadonlyArray<{ readonly specifier: string; readonly line: number }>;
  /** Team rules whose `files` match this file: what was checked and what broke the rule. */
  readonly team: Readonly<Record<string, { readonly checked: number; readonly violations: readonly RuleViolation[] }>>;
}

/** One rule's verdict over a set of files (a module, or the whole project): numbers first. */
export interface RuleResult {
  readonly id: string;
  readonly description: string;
  readonly origin: 'standard' | 'built-in' | 'team';
  /** `check --compliance` fails on its violations. */
  readonly fail: boolean;
  readonly status: 'compliant' | 'violations';
  readonly violations: number;
  /** How much was checked: sites of the transform, files, or exported async functions. */
  readonly checked: number;
  readonly unit: 'sites' | 'files' | 'functions';
  /** Sites opted out with a reason (the standard's rules). */
  readonly exceptions: number;
  /** `max-file-lines`: the limit, and the largest file. */
  readonly limit?: number;
  readonly largest?: { readonly file: string; readonly lines: number } | null;
  /** Team rules: `require` or `forbid`, and the pattern as written. */
  readonly mode?: 'require' | 'forbid';
  readonly pattern?: string;
  /** The numbers in words, as the report shows them. */
  readonly evidence: string;
  /** The same rule in the previous report, when there is one (null: the rule is new). */
  readonly before?: { readonly violations: number; readonly largest?: number } | null;
  /** The change since the previous report, in words ("largest file 1,702 -> 480 lines"). */
  readonly change?: string;
}

export interface ListedViolation extends RuleViolation {
  readonly rule: string;
  readonly module: string;
  readonly file: string;
  /** `max-file-lines`: the file's lines of code. */
  readonly lines?: number;
}

export interface AcceptedException {
  readonly rule: string;
  readonly module: string;
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** The report's `compliance` section. */
export interface ComplianceReport {
  /** Which lines `max-file-lines` counts. */
  readonly lineCounting: string;
  /** Project-wide, one row per rule. */
  readonly rules: readonly RuleResult[];
  readonly modules: ReadonlyArray<{ readonly name: string; readonly rules: readonly RuleResult[] }>;
  /** Every violation of the built-in and team rules (the standard's are the check findings). */
  readonly violations: readonly ListedViolation[];
  /** Sites of the standard's rules opted out with a reason. */
  readonly exceptions: readonly AcceptedException[];
}

export const LINE_COUNTING = 'non-blank lines that hold more than a comment';
