import type { Finding } from './check-format.js';

/** GitHub Actions workflow-command escaping: data and property values differ. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * One `::error` workflow command per finding, which a GitHub Actions log turns into an
 * annotation on the pull request's diff. Manual sites are errors too (`check` fails on them),
 * titled so a reviewer sees that a person has to decide.
 */
export function formatGithub(findings: readonly Finding[], summaryLine: string): string {
  const lines = findings.map((f) => {
    const title = `migrate-errors ${f.transform}${f.status === 'manual' ? ' (manual)' : ''}`;
    const properties = [
      `file=${escapeProperty(f.file)}`,
      `line=${f.line}`,
      `endLine=${f.endLine}`,
      `col=${f.column}`,
      `endColumn=${f.endColumn}`,
      `title=${escapeProperty(title)}`,
    ].join(',');
    const message = f.status === 'manual' ? `${f.message}: ${f.reason}` : `${f.message}; \`migrate-errors run\` fixes it`;
    return `::error ${properties}::${escapeData(message)}`;
  });
  return `${[...lines, summaryLine].join('\n')}\n`;
}
