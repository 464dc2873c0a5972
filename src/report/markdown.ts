import path from 'node:path';
import type { ComplianceReport, RuleResult } from '../compliance/types.js';
import type { MigrationReport, ModuleReport } from './model.js';

/** How the report names each built-in transform: a column title and a summary row. */
const TRANSFORM_LABELS: Record<string, { readonly column: string; readonly summary: string }> = {
  'async-call': { column: 'async sites', summary: 'Async sites protected' },
  timer: { column: 'timers', summary: 'Timers wrapped' },
  sentinel: { column: 'sentinels', summary: 'Sentinels converted' },
  'typed-throw': { column: 'typed throws', summary: 'Typed throws' },
  'non-null': { column: 'non-null', summary: 'Non-null assertions replaced' },
  'error-context': { column: 'error context', summary: 'Error context added' },
};

const VERB: Record<MigrationReport['command'], string> = {
  run: 'Migrated',
  'dry-run': 'Dry run (nothing written)',
  check: 'Check (nothing written)',
  report: 'Plan (nothing written)',
};

/** Escapes text for a Markdown table cell. */
export const cell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
export const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
const title = (id: string): string => TRANSFORM_LABELS[id]?.column ?? id;

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** The Markdown report, rendered from the JSON report alone, so the two never disagree. */
export function renderMarkdown(report: MigrationReport): string {
  const s = report.summary;
  const transformIds = report.transforms.filter((id) => id !== 'import');
  const lines: string[] = [
    `# Error-handling migration report: ${path.basename(report.root)}`,
    '',
    `${VERB[report.command]} by migrate-errors ${report.tool.version} on ${report.generatedAt.slice(0, 10)}. Transforms: ${transformIds.map(code).join(', ')}.`,
    '',
    '## Summary',
    '',
    ...table(
      ['Metric', 'Value'],
      [
        ['Files scanned', `${s.filesScanned}`],
        [report.command === 'run' ? 'Files migrated' : 'Files to migrate', `${s.filesMigrated}`],
        ['Modules complete', `${s.modules.complete} / ${s.modules.total}`],
        ...transformIds.filter((id) => id in TRANSFORM_LABELS).map((id) => [TRANSFORM_LABELS[id]!.summary, `${s.sites[id] ?? 0}`]),
        ...Object.keys(s.sites)
          .filter((id) => !(id in TRANSFORM_LABELS))
          .map((id) => [`Sites (${code(id)})`, `${s.sites[id]}`]),
        ['Files with the standard import', `${s.filesWithStandardImport}`],
        ['Manual sites', `${s.manualSites}`],
        ['Ignored sites', `${s.ignoredSites}`],
        ['Files skipped', `${s.filesSkipped}`],
        ['Build validation', buildValidationCell(report)],
        ['Wall time', formatDuration(report.wallTimeMs)],
      ],
    ),
    '',
    '## Per module',
    '',
    ...moduleTable(report, report.modules),
    '',
  ];

  const withFiles = report.modules.filter((m) => m.migratedFiles.length > 0);
  if (withFiles.length > 0) {
    lines.push(`### ${report.command === 'run' ? 'Migrated files' : 'Files to migrate'}`, '');
    for (const m of withFiles) lines.push(`- ${code(m.name)}: ${m.migratedFiles.map((f) => code(relativeTo(m, f))).join(', ')}`);
    lines.push('');
  }

  if (report.protected.length > 0) {
    lines.push('## Protection details', '');
    const byModule = new Map<string, Array<(typeof report.protected)[number]>>();
    for (const site of report.protected) {
      const list = byModule.get(site.module);
      if (list) list.push(site);
      else byModule.set(site.module, [site]);
    }
    for (const [module, sites] of byModule) {
      for (const transform of [...new Set(sites.map((p) => p.transform))]) {
        const names = sites.filter((p) => p.transform === transform).map((p) => p.contextName);
        lines.push(`- ${code(module)} (${title(transform)}, ${names.length}): ${names.join(', ')}`);
      }
    }
    lines.push('');
  }

  lines.push('## Modules not requiring migration', '');
  lines.push(report.modulesNotRequiringMigration.length > 0 ? report.modulesNotRequiringMigration.map((m) => `- ${code(m)}`).join('\n') : 'None: every module had something to migrate.');
  lines.push('');

  lines.push(...skippedByDefaultSection(report.skippedByDefault ?? []));

  lines.push('## Known limitations', '');
  if (report.manual.length === 0 && report.ignored.length === 0 && report.skipped.length === 0 && report.notWritten.length === 0) {
    lines.push('None: every site found was migrated.', '');
  }
  if (report.manual.length > 0) {
    lines.push(`### Manual sites (${report.manual.length})`, '', 'Left as they were: changing them automatically could change what the code does.', '');
    lines.push(...table(['Where', 'Transform', 'Site', 'Reason'], report.manual.map((m) => [code(`${m.file}:${m.line}`), code(m.transform), cell(m.message), cell(m.reason)])), '');
  }
  if (report.ignored.length > 0) {
    lines.push(`### Ignored sites (${report.ignored.length})`, '', 'Opted out with `migrate-errors-ignore-next-line` or `migrate-errors-ignore-file`.', '');
    lines.push(...table(['Where', 'Transform', 'Site', 'Reason'], report.ignored.map((m) => [code(`${m.file}:${m.line}`), code(m.transform), cell(m.message), cell(m.reason)])), '');
  }
  if (report.kept?.length) {
    lines.push(`### Kept as they are (${report.kept.length})`, '', 'Found, and deliberately not changed: not findings.', '');
    lines.push(...table(['Where', 'Transform', 'What'], report.kept.map((k) => [code(`${k.file}:${k.line}`), code(k.transform), cell(k.message)])), '');
  }
  if (report.skipped.length > 0) {
    lines.push(`### Skipped files (${report.skipped.length})`, '', 'Never written.', '');
    lines.push(...table(['File', 'Reason'], report.skipped.map((f) => [code(f.file), cell(f.reason)])), '');
  }
  if (report.notWritten.length > 0) {
    lines.push(`### Not written (${report.notWritten.length})`, '', 'Skipped in `run --interactive` review, or the write failed; migrate them with another run.', '');
    lines.push(...report.notWritten.map((f) => `- ${code(f)}`), '');
  }
  if (report.staleDirectives.length > 0) {
    lines.push(`### Opt-outs that match nothing (${report.staleDirectives.length})`, '');
    lines.push(...report.staleDirectives.map((d) => `- ${code(`${d.file}:${d.line}`)}`), '');
  }

  if (report.buildValidation) lines.push(...buildValidationSection(report.buildValidation));
  if (report.testsToUpdate?.length) lines.push(...testsToUpdateSection(report.testsToUpdate));

  if (report.progress) {
    lines.push('## Progress', '', `Since the report of ${report.progress.since.slice(0, 10)}:`, '');
    lines.push(
      ...table(
        ['Module', 'Before', 'Now', 'Change'],
        report.progress.modules.map((m) => [
          code(m.name),
          m.before === null ? 'new' : `${m.before}%`,
          `${m.after}%`,
          m.before === null ? '' : signed(Math.round((m.after - m.before) * 10) / 10),
        ]),
      ),
      '',
    );
  }
  if (report.compliance) lines.push(...complianceSection(report.compliance));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The per-module table of the report, for `modules` (all of the report's, or a part of them, as the CI job summary shows). */
export function moduleTable(report: MigrationReport, modules: readonly ModuleReport[]): string[] {
  const transformIds = report.transforms.filter((id) => id !== 'import');
  return table(
    ['Module', report.command === 'run' ? 'Migrated' : 'To migrate', 'Compliant', 'Files', 'Complete', ...transformIds.map(title), 'Manual'],
    modules.map((m) => [
      code(m.name),
      `${m.files.migrated}`,
      `${m.files.compliant}`,
      `${m.files.total}`,
      `${m.percentComplete}%`,
      ...transformIds.map((id) => `${m.sites[id] ?? 0}`),
      `${m.manualSites}`,
    ]),
  );
}

function testsToUpdateSection(tests: NonNullable<MigrationReport['testsToUpdate']>): string[] {
  return [
    `## Tests to update (${tests.length})`,
    '',
    'These tests compare a converted error whole with a plain `Error` (or its constructor with `Error`). The converted error keeps its message but is a typed subclass now; compare the message instead:',
    '',
    ...table(['Test', 'Converted site', 'Change'], tests.map((t) => [code(`${t.file}:${t.line}`), code(`${t.site.file}:${t.site.line}`), `${code(t.change.from)} → ${code(t.change.to)}`])),
    '',
  ];
}

function buildValidationCell(report: MigrationReport): string {
  const v = report.buildValidation;
  if (!v) return report.command === 'run' ? 'not run (`--no-verify`)' : 'not run (only `run` verifies)';
  const parts = [
    v.typeChecked === false
      ? 'type check skipped (`--no-verify`)'
      : `type errors before ${v.diagnosticsBefore}, after ${v.diagnosticsAfter}${v.filesChecked === undefined ? '' : ` in ${v.filesChecked} file(s) the edits can affect`}; ${v.revertedSites?.length ?? 0} site(s) reverted, ${v.rolledBack.length} file(s) rolled back`,
  ];
  if (v.tests) parts.push(`tests ${v.tests.passedAfter ? 'pass' : 'fail'} after ${v.tests.runs.length} run(s); ${v.tests.modulesRolledBack.length} module(s) rolled back`);
  return parts.join('; ');
}

/** Both proofs: the type check (sites it reverted) and the project's own tests (modules rolled back). */
function buildValidationSection(v: NonNullable<MigrationReport['buildValidation']>): string[] {
  const lines = ['## Build validation', ''];
  if (v.typeChecked === false) lines.push('Type check: skipped (`--no-verify`).', '');
  else {
    const scope = v.filesChecked === undefined ? '' : ` of the ${v.filesChecked} file(s) the edits can affect (the edited files, and those that see their declarations change; the others see the same types as before)`;
    lines.push(`Type check${scope}: ${v.diagnosticsBefore} error(s) before the edits, ${v.diagnosticsAfter} after.`, '');
    if (v.revertedSites?.length) {
      lines.push(`Sites reverted by the type check (${v.revertedSites.length}); they are listed as manual too:`, '');
      lines.push(...table(['Where', 'Transform', 'Why'], v.revertedSites.map((r) => [code(`${r.file}:${r.line}`), code(r.transform), cell(r.reason)])), '');
    }
    if (v.rolledBack.length > 0) {
      lines.push('Files rolled back whole because their edits together added type errors:', '');
      for (const file of v.rolledBack) lines.push(`- ${code(file.file)}`, ...file.diagnostics.map((d) => `  - ${cell(d)}`));
      lines.push('');
    }
  }
  if (v.tests) {
    const t = v.tests;
    lines.push(
      `Tests: ${code(t.command)}, ${t.runs.length} run(s) (output in ${code(t.log)}); ${t.passedBefore ? 'passed' : 'failed'} before, ${t.passedAfter ? 'pass' : 'fail'} after.`,
      '',
    );
    lines.push(
      ...table(
        ['Run', 'Kind', 'Modules rolled back', 'Result', 'Time'],
        t.runs.map((r, i) => [`${i + 1}`, r.kind, r.rolledBack.map(code).join(', ') || '-', r.passed ? 'passed' : 'failed', formatDuration(r.ms)]),
      ),
      '',
    );
    for (const m of t.modulesRolledBack) {
      lines.push(`Module ${code(m.module)} rolled back: its edits make the tests fail (${m.files.length} file(s): ${m.files.map(code).join(', ')}). End of the failing output:`, '');
      lines.push('```text', ...m.outputTail.split('\n'), '```', '');
    }
  }
  return lines;
}

function relativeTo(module: ModuleReport, file: string): string {
  return module.name !== '.' && file.startsWith(`${module.name}/`) ? file.slice(module.name.length + 1) : file;
}

const signed = (n: number): string => (n > 0 ? `+${n}%` : `${n}%`);

/** What the default file set left out, and the include glob that brings each part back. */
function skippedByDefaultSection(skipped: MigrationReport['skippedByDefault']): string[] {
  if (skipped.length === 0) return [];
  return [
    '## Skipped by default',
    '',
    'Tests, tooling and generated code are not migrated unless "include" (in the config, or `--include`) asks for them. ' +
      'An include replaces the default file set, so list your sources with them, e.g. `"include": ["src/**", "spec/**"]`.',
    '',
    ...table(
      ['Rule', 'Files', 'To include them'],
      skipped.map((s) => [code(s.rule), `${s.files}`, s.include === null ? 'generated code is never migrated' : `add ${code(`"${s.include}"`)} to "include"`]),
    ),
    '',
  ];
}

/** The project's rules like the REFACTOR reports' rule tables: project-wide, per module, then what breaks them. */
function complianceSection(compliance: ComplianceReport): string[] {
  const withChange = compliance.rules.some((rule) => rule.change !== undefined);
  const status = (rule: RuleResult): string =>
    rule.status === 'compliant' ? 'Compliant' : `${rule.violations} violation${rule.violations === 1 ? '' : 's'}${rule.fail && rule.origin !== 'standard' ? ' (fails `check --compliance`)' : ''}`;
  const lines = [
    '## Compliance',
    '',
    `The standard's rules (one per transform), the built-in \`max-file-lines\` (counting ${compliance.lineCounting}) and \`standard-import\`, and the team's rules from the config.`,
    '',
    ...table(
      ['Rule', 'Status', 'Evidence', ...(withChange ? ['Change'] : [])],
      compliance.rules.map((rule) => [`${code(rule.id)}: ${cell(rule.description)}`, status(rule), cell(rule.evidence), ...(withChange ? [cell(rule.change ?? '')] : [])]),
    ),
    '',
  ];
  if (compliance.modules.length > 0) {
    const moduleCell = (rule: RuleResult): string => {
      const state = rule.status === 'compliant' ? 'compliant' : `${rule.violations} violation${rule.violations === 1 ? '' : 's'}`;
      const notes = [
        ...(rule.largest ? [`largest ${rule.largest.lines}`] : []),
        ...(rule.before && rule.before.violations !== rule.violations ? [`was ${rule.before.violations} violation${rule.before.violations === 1 ? '' : 's'}`] : []),
      ];
      return notes.length > 0 ? `${state} (${notes.join(', ')})` : state;
    };
    lines.push('### Compliance per module', '');
    lines.push(...table(['Module', ...compliance.rules.map((rule) => code(rule.id))], compliance.modules.map((m) => [code(m.name), ...m.rules.map(moduleCell)])), '');
  }
  const oversized = compliance.violations.filter((v) => v.lines !== undefined).sort((a, b) => b.lines! - a.lines!);
  if (oversized.length > 0) {
    const limit = compliance.rules.find((rule) => rule.limit !== undefined)?.limit;
    lines.push(`### Files over ${limit} lines of code (${oversized.length})`, '');
    lines.push(...table(['File', 'Module', 'Lines of code'], oversized.map((v) => [code(v.file), code(v.module), `${v.lines}`])), '');
  }
  const others = compliance.violations.filter((v) => v.lines === undefined);
  if (others.length > 0) {
    lines.push(`### Rule violations (${others.length})`, '');
    lines.push(...table(['Where', 'Rule', 'What'], others.map((v) => [code(`${v.file}:${v.line}`), code(v.rule), cell(v.message)])), '');
  }
  if (compliance.exceptions.length > 0) {
    lines.push(`### Accepted exceptions (${compliance.exceptions.length})`, '', 'Sites opted out of a rule of the standard, with the reason given.', '');
    lines.push(...table(['Where', 'Rule', 'Reason'], compliance.exceptions.map((e) => [code(`${e.file}:${e.line}`), code(e.rule), cell(e.reason)])), '');
  }
  return lines;
}
