import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { smallRepo } from './helpers/small-repo.js';

/**
 * `check --cache` keeps each file's part of the typed-throw/sentinel pre-pass (its discriminators,
 * a test file's pins) and combines the project-wide result from the parts: an edit that adds or
 * removes a discriminator or a pin changes another file's findings exactly as a cold run does,
 * and an edit elsewhere scans only the edited file again.
 */

const TOKENS = "export function verify(token: string): void {\n  if (token === '') throw new Error('token missing');\n}\n";
const GUARD = "import { verify } from '../tokens/tokens.js';\n\nexport function guard(token: string): number {\n  try {\n    verify(token);\n    return 200;\n  } catch (cause) {\n    return 401;\n  }\n}\n";
/** The same guard, telling a plain Error from the others: a discriminator that can see the throws of src/tokens. */
const DISCRIMINATING_GUARD = GUARD.replace('    return 401;\n  }', '    if ((cause as Error).constructor === Error) throw cause;\n    return 401;\n  }');
const NOTES = 'export const note = "a";\n';
const PINNING_TEST = "import assert from 'node:assert';\nimport { verify } from '../src/tokens/tokens.js';\n\nassert.throws(() => verify(''), new Error('token missing'));\n";
const OTHER_TEST = "import assert from 'node:assert';\n\nassert.ok(true);\n";

const checkJson = (repo: string, ...args: string[]) => runCli(['check', '--format', 'json', ...args], repo);
const prepassLine = (stderr: string): string | undefined => stderr.split('\n').find((line) => line.startsWith('cache: pre-pass '));

/** The typed-throw finding in src/tokens/tokens.ts: fixable, or held back with the reason's start. */
function tokensThrow(stdout: string): { fixable: boolean; message: string } | undefined {
  const findings = (JSON.parse(stdout) as { findings: Array<{ file: string; transform: string; fixable: boolean; message: string }> }).findings;
  const found = findings.find((f) => f.file === 'src/tokens/tokens.ts' && f.transform === 'typed-throw');
  return found && { fixable: found.fixable, message: found.message };
}

/** A cached check after an edit: the same stdout as a cold check of the same tree. */
function cachedMatchesCold(repo: string): { stdout: string; stderr: string } {
  const warm = checkJson(repo, '--cache', '--verbose');
  expect(warm.stdout).toBe(checkJson(repo).stdout);
  return warm;
}

describe('check --cache with the pre-pass kept per file', () => {
  it('a discriminator added or removed in one file changes the findings of the file it can see, as a cold run does', () => {
    const repo = smallRepo({ 'src/tokens/tokens.ts': TOKENS, 'src/auth/guard.ts': GUARD });
    checkJson(repo, '--cache');
    expect(tokensThrow(checkJson(repo, '--cache').stdout)?.fixable).toBe(true);

    writeFileSync(path.join(repo, 'src/auth/guard.ts'), DISCRIMINATING_GUARD);
    const added = cachedMatchesCold(repo);
    expect(tokensThrow(added.stdout)).toEqual({ fixable: false, message: expect.stringContaining('src/auth/guard.ts:8') });

    writeFileSync(path.join(repo, 'src/auth/guard.ts'), GUARD);
    const removed = cachedMatchesCold(repo);
    expect(tokensThrow(removed.stdout)?.fixable).toBe(true);
  });

  it('a test that starts or stops pinning an error changes the findings of the file that throws it, as a cold run does', () => {
    const repo = smallRepo({ 'src/tokens/tokens.ts': TOKENS, 'test/tokens.test.ts': OTHER_TEST });
    checkJson(repo, '--cache');

    writeFileSync(path.join(repo, 'test/tokens.test.ts'), PINNING_TEST);
    const pinned = cachedMatchesCold(repo);
    expect(tokensThrow(pinned.stdout)).toEqual({ fixable: false, message: expect.stringContaining('test/tokens.test.ts:4') });
    // The source file is as it was: only the test file is scanned again.
    expect(prepassLine(pinned.stderr)).toBe('cache: pre-pass parts of 1 of 2 file(s) reused, test files included');

    rmSync(path.join(repo, 'test/tokens.test.ts'));
    const unpinned = cachedMatchesCold(repo);
    expect(tokensThrow(unpinned.stdout)?.fixable).toBe(true);
  });

  it('an edit to an unrelated file scans only that file again; with nothing changed the whole result is reused', () => {
    const repo = smallRepo({ 'src/tokens/tokens.ts': TOKENS, 'src/auth/guard.ts': DISCRIMINATING_GUARD, 'src/util/notes.ts': NOTES, 'test/tokens.test.ts': PINNING_TEST });
    const cold = checkJson(repo, '--cache', '--verbose');
    // The three source files (the standard module is not in the set) and the test file.
    expect(prepassLine(cold.stderr)).toBe('cache: pre-pass parts of 0 of 4 file(s) reused, test files included');
    expect(prepassLine(checkJson(repo, '--cache', '--verbose').stderr)).toBe('cache: pre-pass parts of 4 of 4 file(s) reused, test files included');

    writeFileSync(path.join(repo, 'src/util/notes.ts'), `${NOTES}export const other = "b";\n`);
    const edited = cachedMatchesCold(repo);
    expect(prepassLine(edited.stderr)).toBe('cache: pre-pass parts of 3 of 4 file(s) reused, test files included');
    expect(edited.stdout).toBe(cold.stdout);
  });

  it('a plugin whose pre-pass is `prepare` alone still sees the whole set after an edit', () => {
    // Reports, in every file, how many files of the set mention `legacy`: one file's edit changes every file's finding.
    const plugin =
      "export default { id: 'legacy-count', description: 'counts legacy mentions', needsTypes: false,\n" +
      "  prepare: (project) => project.files.filter((file) => file.text.includes('legacy')).length,\n" +
      '  create: (context) => ({ onEnd: () => context.report({ node: context.sourceFile, message: `legacy in ${context.prepared} file(s)`, manual: "counted" }) }),\n' +
      '};\n';
    const repo = smallRepo({ 'migrate-errors.config.json': '{ "plugins": ["./tools/legacy-count.mjs"] }\n', 'tools/legacy-count.mjs': plugin, 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2; // legacy\n' });
    const legacyCounts = (stdout: string): string[] =>
      (JSON.parse(stdout) as { findings: Array<{ transform: string; message: string }> }).findings.filter((f) => f.transform === 'legacy-count').map((f) => f.message);
    expect(legacyCounts(checkJson(repo, '--cache').stdout)).toEqual(['legacy in 1 file(s) (manual: counted)', 'legacy in 1 file(s) (manual: counted)']);

    writeFileSync(path.join(repo, 'src/a.ts'), 'export const a = 1; // legacy\n');
    const warm = cachedMatchesCold(repo);
    expect(legacyCounts(warm.stdout)).toEqual(['legacy in 2 file(s) (manual: counted)', 'legacy in 2 file(s) (manual: counted)']);
  });
});
