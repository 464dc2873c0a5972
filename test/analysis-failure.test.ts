import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { smallRepo } from './helpers/small-repo.js';

/**
 * A recursive template literal type on which TypeScript's checker throws
 * `RangeError: Invalid string length` (still so in TypeScript 6), reached by asking whether
 * `load()` returns a promise.
 */
const EXPLODING_TYPE = `type Dec<N extends number> =
    N extends 5 ? 4 : N extends 4 ? 3 : N extends 3 ? 2 :
    N extends 2 ? any :
    N extends 1 ? 0 : 0;

type Recur<N extends number, S extends string> =
    N extends 0 ? S : Recur<Dec<N>, \`\${S}_\${S}\`>;

type Explode = {
    [P in Recur<5, "a"> as \`\${P}_key\`]: any;
};

declare function load(): Explode;

export function start(): void {
  load();
}
`;

/** A generated chain of 20,000 type aliases: resolving the first overflows the checker's stack (also on a thread, whose stack is larger). */
const DEEP_TYPE = `${Array.from({ length: 20_000 }, (_, i) => `type Schema${i} = Schema${i + 1};\n`).join('')}type Schema20000 = { id: string };

declare function current(): Schema0;

export function read(): void {
  current();
}
`;

const FLOATING = 'export async function save(): Promise<void> {}\n\nexport function flush(): void {\n  save();\n}\n';
const CLEAN = 'export const twice = (n: number): number => n * 2;\n';

const CHECKER_FAILED = (file: string, error: string): string =>
  `skipped ${file}: the TypeScript checker failed on it in the \`async-call\` analysis (${error}), as it can on a pathological type; ` +
  'the file is left as it was (exclude it to silence this)\n';

/** A team's transform with a bug: it throws on the identifier `trouble`. */
const BUGGY_PLUGIN = `
export default {
  id: 'buggy',
  description: 'throws on one identifier',
  needsTypes: false,
  create(context) {
    return {
      [context.ts.SyntaxKind.Identifier](node) {
        if (node.text === 'trouble') throw new TypeError("Cannot read properties of undefined (reading 'kind')");
      },
    };
  },
};
`;

/** A team's transform whose project-wide pre-pass throws: no file can be analysed without it. */
const FAILING_PREPARE_PLUGIN = `
export default {
  id: 'failing-prepare',
  description: 'its pre-pass throws',
  needsTypes: false,
  prepare() {
    throw new TypeError('files is not iterable');
  },
  create() {
    return {};
  },
};
`;

describe('a failure inside one file\'s analysis', () => {
  const repo = smallRepo({
    'src/keys/explode.ts': EXPLODING_TYPE,
    'src/schema/versions.ts': DEEP_TYPE,
    'src/orders/store.ts': FLOATING,
    'src/util/twice.ts': CLEAN,
  });

  it('skips that file, naming it and the phase, analyses every other file, and exits 1 for the findings', () => {
    const result = runCli(['check', '--format', 'json'], repo);
    expect(result.stderr).toBe(
      CHECKER_FAILED('src/keys/explode.ts', 'RangeError: Invalid string length') + CHECKER_FAILED('src/schema/versions.ts', 'RangeError: Maximum call stack size exceeded'),
    );
    expect(result.code).toBe(1);
    const { summary, findings } = JSON.parse(result.stdout) as { summary: unknown; findings: Array<{ file: string; line: number; transform: string }> };
    expect(findings.map(({ file, line, transform }) => ({ file, line, transform }))).toEqual([{ file: 'src/orders/store.ts', line: 4, transform: 'async-call' }]);
    expect(summary).toEqual({ files: 4, unmigratedFiles: 1, findings: 1 });
  });

  it('exits 0 when the files it could analyse have no findings', () => {
    const result = runCli(['check', 'src/keys', 'src/schema', 'src/util'], repo);
    expect(result.stderr).toBe(
      CHECKER_FAILED('src/keys/explode.ts', 'RangeError: Invalid string length') + CHECKER_FAILED('src/schema/versions.ts', 'RangeError: Maximum call stack size exceeded'),
    );
    expect(result.code).toBe(0);
  });

  it('does the same on analysis threads', () => {
    const result = runCli(['check', '--format', 'json', '--jobs', '2'], repo);
    expect(result.stderr).toBe(
      CHECKER_FAILED('src/keys/explode.ts', 'RangeError: Invalid string length') + CHECKER_FAILED('src/schema/versions.ts', 'RangeError: Maximum call stack size exceeded'),
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).summary).toEqual({ files: 4, unmigratedFiles: 1, findings: 1 });
  });

  it('a transform that throws on one file skips that file, named as a bug of that transform', () => {
    const buggy = smallRepo({
      'migrate-errors.config.json': '{ "plugins": ["./tools/buggy.mjs"] }\n',
      'tools/buggy.mjs': BUGGY_PLUGIN,
      'src/app/trouble.ts': 'export const trouble = 1;\n',
      'src/orders/store.ts': FLOATING,
    });
    const result = runCli(['check', '--format', 'json'], buggy);
    expect(result.stderr).toBe(
      "skipped src/app/trouble.ts: the `buggy` analysis failed on it (TypeError: Cannot read properties of undefined (reading 'kind')); " +
        'the file is left as it was (a bug in that transform: please report it)\n',
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).summary).toEqual({ files: 2, unmigratedFiles: 1, findings: 1 });
  });
});

describe('an internal error', () => {
  const repo = smallRepo({
    'migrate-errors.config.json': '{ "plugins": ["./tools/failing-prepare.mjs"] }\n',
    'tools/failing-prepare.mjs': FAILING_PREPARE_PLUGIN,
    'src/util/twice.ts': CLEAN,
  });

  it('is one line naming the phase, with exit code 2 and no stack', () => {
    for (const command of [['check'], ['report'], ['run', '--dry-run']]) {
      const result = runCli(command, repo);
      expect(result.stderr).toBe(
        'migrate-errors: internal error in the pre-pass of the `failing-prepare` transform: TypeError: files is not iterable. Run again with --verbose to see the stack, and please report it.\n',
      );
      expect(result.code).toBe(2);
    }
  });

  it('shows the stack with --verbose', () => {
    const result = runCli(['check', '--verbose'], repo);
    const [first, ...stack] = result.stderr.trimEnd().split('\n');
    expect(first).toBe('migrate-errors: internal error in the pre-pass of the `failing-prepare` transform: TypeError: files is not iterable.');
    expect(stack[0]).toBe('TypeError: files is not iterable');
    expect(stack[1]).toMatch(/^ {4}at .*failing-prepare\.mjs/);
    expect(result.code).toBe(2);
  });
});
