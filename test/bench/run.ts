/**
 * `npm run bench [-- name…]`: runs every test/bench/*.bench.ts in its own Node process, one
 * after another, so memory figures belong to one benchmark and they do not compete for the cores.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { machine } from './stats.ts';

const dir = path.dirname(new URL(import.meta.url).pathname);
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

console.log(`# Benchmarks — ${new Date().toISOString()}\nmachine: ${machine()}`);
let failed = 0;
for (const f of files) {
  console.log(`\n# ${f}`);
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', path.join(dir, f)],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) {
    failed++;
    console.log(`!! ${f} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
