import { fingerprint } from '../baseline/fingerprint.js';
import type { Finding } from './check-format.js';

export interface RuleInfo {
  readonly id: string;
  readonly description: string;
  /** Help other than a transform's (a compliance rule, which `run` does not fix). */
  readonly help?: string;
}

const HELP_URI = 'https://www.npmjs.com/package/migrate-errors';

/** Help for each rule: what the standard wants there and how to get it. */
function helpText(rule: RuleInfo): string {
  if (rule.help) return rule.help;
  return `${rule.description}. Run \`migrate-errors run --transform ${rule.id}\` to migrate fixable sites; a manual site needs a person, or an opt-out with a reason: \`// migrate-errors-ignore-next-line ${rule.id} -- why\`.`;
}

/**
 * A SARIF 2.1.0 log (the format GitHub code scanning and most security dashboards read): one
 * rule per transform id, one result per finding, with the baseline fingerprint as a partial
 * fingerprint so the dashboards track a site across unrelated edits too.
 */
export function formatSarif(findings: readonly Finding[], rules: readonly RuleInfo[], toolVersion: string): string {
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'migrate-errors',
            version: toolVersion,
            informationUri: HELP_URI,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.description },
              help: { text: helpText(rule), markdown: helpText(rule) },
              helpUri: HELP_URI,
              defaultConfiguration: { level: 'error' },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
        results: findings.map((f) => ({
          ruleId: f.transform,
          ...(index.has(f.transform) ? { ruleIndex: index.get(f.transform) } : {}),
          level: 'error',
          message: { text: f.status === 'manual' ? `${f.message} (manual: ${f.reason})` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          partialFingerprints: { 'migrateErrors/v1': fingerprint(f) },
          properties: { module: f.module, fixable: f.status === 'fixable' },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
