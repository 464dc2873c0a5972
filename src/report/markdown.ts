import path from 'node:path';
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
const cell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
const title = (id: string): string => TRANSFORM_LABELS[id]?.column ?? id;

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
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
    ...table(
      ['Module', report.command === 'run' ? 'Migrated' : 'To migrate', 'Compliant', 'Files', 'Complete', ...transformIds.map(title), 'Manual'],
      report.modules.map((m) => [
        code(m.name),
        `${m.files.migrated}`,
        `${m.files.compliant}`,
        `${m.files.total}`,
        `${m.percentComplete}%`,
        ...transformIds.map((id) => `${m.sites[id] ?? 0}`),
        `${m.manualSites}`,
      ]),
    ),
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

  if (report.buildValidation && report.buildValidation.rolledBack.length > 0) {
    lines.push('## Build validation', '', 'Files rolled back because their edits added type errors:', '');
    for (const file of report.buildValidation.rolledBack) {
      lines.push(`- ${code(file.file)}`, ...file.diagnostics.map((d) => `  - ${cell(d)}`));
    }
    lines.push('');
  }

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
  return `${lines.join('\n').trimEnd()}\n`;
}

function buildValidationCell(report: MigrationReport): string {
  const v = report.buildValidation;
  if (!v) return 'not run (use `run --verify`)';
  return `type errors before ${v.diagnosticsBefore}, after ${v.diagnosticsAfter}; ${v.rolledBack.length} file(s) rolled back`;
}

function relativeTo(module: ModuleReport, file: string): string {
  return module.name !== '.' && file.startsWith(`${module.name}/`) ? file.slice(module.name.length + 1) : file;
}

const signed = (n: number): string => (n > 0 ? `+${n}%` : `${n}%`);
