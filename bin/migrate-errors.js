#!/usr/bin/env node
// The executable is a thin shim: all behaviour lives in the compiled CLI.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
