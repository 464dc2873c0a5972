import type { Site } from '../engine/site.js';
import type { ComplianceReport } from './types.js';

/**
 * `check --compliance`: the violations of rules marked `"fail": true`, as check findings (a
 * manual site each: `run` does not fix them). The standard's own rules are not repeated: their
 * violations are the unmigrated sites `check` reports anyway. A file over `max-file-lines` is a
 * finding on its line 1.
 */
export function complianceFindings(section: ComplianceReport | null | undefined): Array<Site & { readonly status: 'manual' }> {
  if (!section) return [];
  const failing = new Map(section.rules.filter((rule) => rule.fail && rule.origin !== 'standard').map((rule) => [rule.id, rule]));
  return section.violations
    .filter((v) => failing.has(v.rule))
    .map((v) => ({
      transform: v.rule,
      file: v.file,
      module: v.module,
      line: v.line,
      column: v.column,
      endLine: v.line,
      endColumn: v.column,
      message: v.message,
      status: 'manual',
      reason: `compliance rule ${v.rule}: ${failing.get(v.rule)!.description}`,
      // What a baseline fingerprints: a file's size changes with every edit, its being too long does not.
      snippet: v.lines !== undefined ? 'file over the line limit' : v.message,
      scope: '',
    }));
}

/** The failing rules, as SARIF lists its rules. */
export function failingRules(section: ComplianceReport | null | undefined): Array<{ id: string; description: string; help: string }> {
  return (section?.rules ?? [])
    .filter((rule) => rule.fail && rule.origin !== 'standard')
    .map((rule) => ({
      id: rule.id,
      description: rule.description,
      help: `${rule.description}. A compliance rule of the project (the config's "compliance"); \`migrate-errors run\` does not fix it: change the code, or set "fail": false to only report it.`,
    }));
}
