/**
 * Preloaded into a measured Node command (`NODE_OPTIONS=--import=.../rss-preload.js`) when GNU
 * time is missing: on exit the process writes its own peak RSS (getrusage(RUSAGE_SELF).ru_maxrss,
 * KiB) and CPU time (µs), which no parent can read for it (see measure.ts). One file per process, so a tool that
 * spawns workers still reports each of them and the bench takes the largest.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.BENCH_RSS_DIR;
if (dir) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      writeFileSync(path.join(dir, `${process.pid}.txt`), `${usage.maxRSS} ${usage.userCPUTime} ${usage.systemCPUTime}`);
    } catch {
      // The measurement is best effort; never change the measured command's outcome.
    }
  });
}
