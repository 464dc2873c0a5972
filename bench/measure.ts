import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * How peak RSS is read. Node's `child_process` reports no rusage for a child, and
 * `process.resourceUsage()` in a wrapper only covers the wrapper itself, so neither works alone:
 * - `time`: GNU time (`/usr/bin/time -f %M`, Debian's `time` package) waits for the command and
 *   prints `ru_maxrss` from `wait4()`, the peak resident set of the command (in KiB).
 * - `node`: every command measured here is a Node program, so a module preloaded into it with
 *   `NODE_OPTIONS=--import` writes its own `process.resourceUsage().maxRSS` (getrusage(RUSAGE_SELF),
 *   also KiB) when it exits. Used when GNU time is missing.
 * Both give the peak of the largest single process, which for these single-process tools (tsc,
 * eslint, our CLI) is the peak of the whole command.
 */
export type RssMethod = 'time' | 'node';

export const GNU_TIME = '/usr/bin/time';

export async function detectRssMethod(): Promise<RssMethod> {
  if (!existsSync(GNU_TIME)) return 'node';
  // BusyBox and BSD `time` have no -f; only trust the binary if it prints %M as a number.
  const result = await runProcess(GNU_TIME, ['-f', '%M', process.execPath, '-e', '0'], { cwd: process.cwd() });
  return /^\d+\s*$/m.test(result.stderr) ? 'time' : 'node';
}

export interface Command {
  /** Executable (we always pass `process.execPath`: every tool is a Node program). */
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Where stdout goes (outputs are parsed afterwards to count files). */
  readonly stdoutFile: string;
  /** Exit codes that mean "worked" (check and eslint exit 1 when they find something). */
  readonly okExitCodes: readonly number[];
  readonly timeoutMs?: number;
}

export interface Measurement {
  readonly wallMs: number;
  /** KiB, or undefined when the method gave nothing (the process was killed before exiting). */
  readonly peakRssKb: number | undefined;
  /**
   * User + system CPU time of the command. On a shared 2-core machine wall time includes waiting
   * for a core; CPU time does not, so it shows whether a slow run was slow or just crowded.
   */
  readonly cpuMs: number | undefined;
  readonly exitCode: number | null;
  readonly ok: boolean;
  readonly stderr: string;
}

const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-preload.js');

/** Runs one command as a child process and measures its wall time and peak RSS. */
export async function measure(command: Command, method: RssMethod, scratchDir: string): Promise<Measurement> {
  await fs.mkdir(scratchDir, { recursive: true });
  const rssFile = path.join(scratchDir, `rss-${process.pid}-${Date.now()}.txt`);
  const rssDir = `${rssFile}.d`;
  let file = command.file;
  let args = [...command.args];
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1', ...command.env };
  if (method === 'time') {
    // -o keeps GNU time's line out of the command's own stderr.
    args = ['-f', '%M %U %S', '-o', rssFile, file, ...args];
    file = GNU_TIME;
  } else {
    await fs.mkdir(rssDir, { recursive: true });
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(PRELOAD).href}`.trim();
    env.BENCH_RSS_DIR = rssDir;
  }
  const started = performance.now();
  const result = await runProcess(file, args, { cwd: command.cwd, env, stdoutFile: command.stdoutFile, ...(command.timeoutMs ? { timeoutMs: command.timeoutMs } : {}) });
  const wallMs = performance.now() - started;
  const usage = method === 'time' ? await readTimeUsage(rssFile) : await readPreloadUsage(rssDir);
  await fs.rm(rssFile, { force: true });
  await fs.rm(rssDir, { recursive: true, force: true });
  const ok = result.exitCode !== null && command.okExitCodes.includes(result.exitCode);
  return { wallMs, peakRssKb: usage?.rssKb, cpuMs: usage?.cpuMs, exitCode: result.exitCode, ok, stderr: result.stderr };
}

interface Usage {
  readonly rssKb: number;
  readonly cpuMs: number;
}

async function readTimeUsage(file: string): Promise<Usage | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  // GNU time writes "Command exited with non-zero status N" before the format line.
  const match = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(text.trim().split('\n').pop() ?? '');
  return match ? { rssKb: Number(match[1]), cpuMs: (Number(match[2]) + Number(match[3])) * 1000 } : undefined;
}

/** One file per process ("maxRSS userµs systemµs"): the largest peak, and the CPU time summed. */
async function readPreloadUsage(dir: string): Promise<Usage | undefined> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const rows = await Promise.all(names.map(async (name) => (await fs.readFile(path.join(dir, name), 'utf8')).trim().split(' ').map(Number)));
  const valid = rows.filter((r) => r.length === 3 && r.every(Number.isFinite));
  if (valid.length === 0) return undefined;
  return { rssKb: Math.max(...valid.map((r) => r[0]!)), cpuMs: valid.reduce((sum, r) => sum + (r[1]! + r[2]!) / 1000, 0) };
}

interface ProcessResult {
  readonly exitCode: number | null;
  readonly stderr: string;
}

const STDERR_KEPT = 64 * 1024;

/** spawn (not spawnSync): the bench's own event loop stays free, and stdout streams to a file. */
export async function runProcess(
  file: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; stdoutFile?: string; timeoutMs?: number },
): Promise<ProcessResult & { stdout: string }> {
  const out = options.stdoutFile ? await fs.open(options.stdoutFile, 'w') : undefined;
  try {
    return await new Promise((resolve, reject) => {
      // Its own process group, so a time-out or an interrupted bench ends the measured command
      // too, not only the GNU time that wraps it.
      const child = spawn(file, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', out ? out.fd : 'pipe', 'pipe'],
        detached: true,
      });
      if (child.pid !== undefined) running.add(child.pid);
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      // Keep only the tail: a failing tool can print megabytes, and only the end says why.
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_KEPT)));
      const timer = options.timeoutMs ? setTimeout(() => killGroup(child.pid), options.timeoutMs) : undefined;
      child.on('error', reject);
      child.on('close', (code) => {
        if (child.pid !== undefined) running.delete(child.pid);
        if (timer) clearTimeout(timer);
        resolve({ exitCode: code, stderr, stdout });
      });
    });
  } finally {
    await out?.close();
  }
}

const running = new Set<number>();

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Ctrl-C reaches only the bench (children have their own groups): end what it started, then stop. */
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const pid of running) killGroup(pid);
    process.exit(130);
  });
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
