/**
 * Inline opt-outs (SPEC section 3):
 *   // migrate-errors-ignore-next-line [ids] -- reason
 *   /* migrate-errors-ignore-file [ids] -- reason *\/
 * Without ids a directive covers every transform. The reason is required: a directive without
 * one is not honoured (and is reported), so every opt-out in a code base says why. Ignored sites
 * are counted, never dropped.
 */

export interface IgnoreDirective {
  /** 1-based line of the directive itself. */
  readonly line: number;
  /** Transform ids it covers; empty means all. */
  readonly ids: readonly string[];
  readonly reason: string | undefined;
  readonly scope: 'next-line' | 'file';
}

const NEXT_LINE = /\/\/\s*migrate-errors-ignore-next-line\b([^\n\r]*)/;
const FILE = /\/\*\s*migrate-errors-ignore-file\b([\s\S]*?)\*\//;

function parseTail(tail: string): { ids: string[]; reason: string | undefined } {
  const [idPart = '', ...reasonParts] = tail.split('--');
  const reason = reasonParts.join('--').trim();
  const ids = idPart.split(/[\s,]+/).filter(Boolean);
  return { ids, reason: reason || undefined };
}

export class IgnoreDirectives {
  private readonly byTargetLine = new Map<number, IgnoreDirective>();
  private readonly fileDirective: IgnoreDirective | undefined;
  private readonly usedLines = new Set<number>();

  /** `headerEnd` is where the first statement starts: a file directive must come before it. */
  constructor(text: string, headerEnd: number) {
    const header = FILE.exec(text.slice(0, headerEnd));
    if (header) {
      const line = text.slice(0, header.index).split('\n').length;
      this.fileDirective = { line, scope: 'file', ...parseTail(header[1] ?? '') };
    }
    if (!text.includes('migrate-errors-ignore-next-line')) return;
    const lines = text.split('\n');
    lines.forEach((lineText, index) => {
      const match = NEXT_LINE.exec(lineText);
      if (!match) return;
      // The directive covers the next line that is not blank and not another comment line.
      let target = index + 1;
      while (target < lines.length && /^\s*(\/\/.*)?\r?$/.test(lines[target] ?? '')) target++;
      this.byTargetLine.set(target + 1, { line: index + 1, scope: 'next-line', ...parseTail(match[1] ?? '') });
    });
  }

  /** The directive (with a reason) that opts the site on `line` out of `transform`, if any. */
  match(transform: string, line: number): IgnoreDirective | undefined {
    const covers = (d: IgnoreDirective | undefined): d is IgnoreDirective =>
      d !== undefined && d.reason !== undefined && (d.ids.length === 0 || d.ids.includes(transform));
    if (covers(this.fileDirective)) return this.fileDirective;
    const directive = this.byTargetLine.get(line);
    if (!covers(directive)) return undefined;
    this.usedLines.add(directive.line);
    return directive;
  }

  /**
   * Next-line directives that matched no site: stale opt-outs worth removing. Only directives
   * whose transforms all ran can be judged; without ids that means every transform ran.
   */
  unused(ranTransforms: ReadonlySet<string>, allRan: boolean): IgnoreDirective[] {
    return [...this.byTargetLine.values()].filter(
      (d) => d.reason !== undefined && !this.usedLines.has(d.line) && (d.ids.length === 0 ? allRan : d.ids.every((id) => ranTransforms.has(id))),
    );
  }

  /** Directives without a reason: not honoured, reported so someone adds the reason. */
  withoutReason(): IgnoreDirective[] {
    return [...(this.fileDirective ? [this.fileDirective] : []), ...this.byTargetLine.values()].filter((d) => d.reason === undefined);
  }
}
