/**
 * Progress on stderr for long runs, only when stderr is a terminal (never in CI logs or pipes):
 * one line rewritten in place, files done / total and the current module.
 */
export interface Progress {
  update(done: number, total: number, label: string): void;
  done(): void;
}

export function progressFor(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total, label) {
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      shown = true;
      const width = Math.max(20, (stream.columns || 80) - 1);
      stream.write(`\r\x1b[K${`[${done}/${total}] ${label}`.slice(0, width)}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
