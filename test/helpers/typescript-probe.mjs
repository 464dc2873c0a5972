// Loaded with `node --import` into a CLI run: on exit, writes whether the TypeScript compiler was
// loaded (to the file named by MIGRATE_ERRORS_PROBE), for the tests of runs that must not load it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
process.on('exit', () => {
  const compiler = Object.keys(require.cache).some((file) => /[\\/]typescript\.js$/.test(file));
  writeFileSync(process.env.MIGRATE_ERRORS_PROBE, compiler ? 'loaded' : 'not loaded');
});
