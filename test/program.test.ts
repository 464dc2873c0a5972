import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { smallRepo } from './helpers/small-repo.js';

const findings = (repo: string) =>
  JSON.parse(runCli(['check', '--format', 'json', '--transform', 'async-call'], repo).stdout).findings.map(
    (f: { file: string; line: number; message: string }) => `${f.file}:${f.line} ${f.message}`,
  );

describe('the program behind type-aware transforms', () => {
  it("includes the tsconfig's global declaration files, which nothing imports", () => {
    const repo = smallRepo({
      'src/types/globals.d.ts': 'declare function loadLater(): Promise<void>;\n',
      'src/jobs/start.ts': 'export function start(): void {\n  loadLater();\n}\n',
    });
    expect(findings(repo)).toEqual(['src/jobs/start.ts:2 floating promise `loadLater()`: its rejection is never handled']);
  });
});
