import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { smallRepo } from './helpers/small-repo.js';

const TOKENS = "export function verify(token: string): void {\n  if (token === '') throw new Error('token missing');\n}\n";
const GUARD =
  "import { verify } from '../tokens/tokens.js';\n\nexport function guard(token: string): number {\n  try {\n    verify(token);\n    return 200;\n  } catch (cause) {\n    if ((cause as Error).constructor === Error) throw cause;\n    return 401;\n  }\n}\n";

interface Finding {
  readonly file: string;
  readonly transform: string;
  readonly fixable: boolean;
  readonly message: string;
}

const typedThrows = (stdout: string): Finding[] => (JSON.parse(stdout) as { findings: Finding[] }).findings.filter((f) => f.transform === 'typed-throw');

/**
 * A discriminator outside the files a command works on still holds back the throws it can reach:
 * the pre-pass sees the whole project whether the command is given paths, a shard or two threads.
 */
describe('exact-class discriminators seen from a narrower command', () => {
  const repo = smallRepo({ 'src/tokens/tokens.ts': TOKENS, 'src/auth/guard.ts': GUARD });

  it.each([
    ['the whole project', ['check', '--format', 'json']],
    ['a path outside the discriminator', ['check', '--format', 'json', 'src/tokens']],
    ['two threads', ['check', '--format', 'json', '--jobs', '2']],
  ])('%s: the throw stays manual', (_name, args) => {
    const check = runCli(args, repo);
    expect(check.stderr).toBe('');
    expect(typedThrows(check.stdout).map(({ file, fixable }) => ({ file, fixable }))).toEqual([{ file: 'src/tokens/tokens.ts', fixable: false }]);
    expect(typedThrows(check.stdout)[0]!.message).toContain('src/auth/guard.ts:8');
  });
});
