import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO_ROOT, 'bin/migrate-errors.js');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures');
export const SAMPLE_REPO = path.join(FIXTURES, 'sample-repo');
export const TSC = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
