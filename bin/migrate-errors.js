#!/usr/bin/env node
// The executable is a thin shim: all behaviour lives in the compiled CLI.
// The CLI as one module (package.json "bundle"): loading some 200 modules one by one took half of a
// start-up. Files it finds beside itself (the worker, the standard module's template) are at the
// same depth as `main.js`, so their relative paths hold.
const { main } = await import('../dist/src/cli/main.bundle.js');

// `migrate-errors check | head` closes the pipe early: that is the reader's choice, not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
