import { structuredPatch } from 'diff';
import type { ChalkInstance } from 'chalk';

/**
 * A unified diff of one file with `a/` and `b/` prefixes and a `diff --git` header, which
 * `git apply` and `patch -p1` accept. Lines keep their `\r`, so CRLF files round-trip.
 */
export function unifiedDiff(file: string, before: string, after: string, color: ChalkInstance): string {
  const patch = structuredPatch(`a/${file}`, `b/${file}`, before, after, '', '', { context: 3 });
  const out: string[] = [color.bold(`diff --git a/${file} b/${file}`), color.bold(`--- a/${file}`), color.bold(`+++ b/${file}`)];
  for (const hunk of patch.hunks) {
    out.push(color.cyan(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith('+')) out.push(color.green(line));
      else if (line.startsWith('-')) out.push(color.red(line));
      else out.push(line);
    }
  }
  return `${out.join('\n')}\n`;
}

function range(start: number, lines: number): string {
  // An empty side is written `N,0` with N the line before it, as GNU diff does.
  if (lines === 0) return `${start === 0 ? 0 : start},0`;
  return lines === 1 ? `${start}` : `${start},${lines}`;
}
