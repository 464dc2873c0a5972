import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/engine/project.js';
import { CheckedProgram } from '../src/engine/verify/checked-program.js';
import { smallRepo } from './helpers/small-repo.js';

/**
 * The check after the edits, round by round, in-process on a project on disk: a round after
 * reverting sites must look again only at what the reverts reach (once, every round re-checked
 * the whole project).
 */
describe('the rounds of the check after the edits', () => {
  const A = "export function answer() {\n  return 'yes';\n}\nexport const first = (xs: string[]): string => xs[0]!;\n";
  const repo = smallRepo({
    'src/app/a.ts': A,
    'src/app/b.ts': "import { answer } from './a.js';\n\nexport const shout: string = answer().toUpperCase();\n",
    'src/app/c.ts': "import { shout } from './b.js';\n\nexport const loud = shout;\n",
    'src/app/d.ts': 'export const alone = 1;\n',
  });
  const file = (name: string): string => path.join(repo, 'src/app', name);
  writeFileSync(path.join(repo, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', noEmit: true }, include: ['src'] }));
  const project = loadProject(path.join(repo, 'tsconfig.json'));
  const program = new CheckedProgram(project, [file('a.ts'), file('b.ts'), file('c.ts'), file('d.ts')], project.programFiles ?? []);

  it('checks the edited file and its importers when its declarations change, then only what a revert reaches', () => {
    program.setText(file('a.ts'), A.replace("return 'yes'", 'return 42'));
    const first = program.diagnostics();
    expect(first.map((d) => `${path.basename(d.file)} TS${d.code}`)).toEqual(['b.ts TS2339']);
    expect(program.filesCheckedLast).toBe(3);

    // A body-only change with the same declarations: a.ts alone is checked again.
    program.setText(file('a.ts'), A.replace("return 'yes'", 'return 42').replace('xs[0]!', '(xs[0] ?? "")'));
    expect(program.diagnostics().map((d) => path.basename(d.file))).toEqual(['b.ts']);
    expect(program.filesCheckedLast).toBe(1);

    // Reverting the edit that changed the declarations: its importers again, and the error is gone.
    program.setText(file('a.ts'), A);
    expect(program.diagnostics()).toEqual([]);
    expect(program.filesCheckedLast).toBe(3);
    expect(program.filesChecked).toBe(3);
  });
});
