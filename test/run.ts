/**
 * `npm test`: every suite, the way CI runs it —
 *   1. unit tests,
 *   2. database + HTTP tests on embedded PGlite,
 *   3. the same database + HTTP tests on the PostgreSQL server (TEST_DATABASE_URL, default 127.0.0.1:5432),
 *   4. browser end-to-end tests in Debian Chromium, when present.
 * Ends with one plain line: "N passed, N failed, N skipped".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { adminUrl } from './support/env.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cj-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function vitest(name: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n=== ${name} ===`);
  const out = path.join(tmp, `${name.replace(/\W+/g, '-')}.json`);
  const r = spawnSync(
    'npx',
    ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile=${out}`],
    {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    },
  );
  if (!existsSync(out)) {
    console.log(`!! ${name}: vitest produced no report (exit ${r.status ?? r.signal})`);
    broken = true;
    return;
  }
  const rep = JSON.parse(readFileSync(out, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  totals.passed += rep.numPassedTests;
  totals.failed += rep.numFailedTests;
  totals.skipped += rep.numPendingTests + rep.numTodoTests;
  if (r.status !== 0 && rep.numFailedTests === 0) {
    // A suite that failed to load counts as broken even with no failed test.
    console.log(`!! ${name}: exit ${r.status} with ${rep.numFailedTestSuites} failed suite(s)`);
    broken = true;
  }
}

async function postgresReachable(): Promise<boolean> {
  const sql = postgres(adminUrl(), { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

vitest('unit', ['--project', 'unit']);
vitest('db+http on PGlite', ['--project', 'db'], { TEST_DB: 'pglite' });
if (await postgresReachable()) {
  vitest('db+http on PostgreSQL', ['--project', 'db'], { TEST_DB: 'postgres' });
} else {
  console.log(`\n!! PostgreSQL is not reachable at ${adminUrl()}: start it or set TEST_DATABASE_URL.`);
  broken = true;
}
const e2eDir = path.join(import.meta.dirname, 'e2e');
if (existsSync(e2eDir) && readdirSync(e2eDir).some((f) => f.endsWith('.test.ts'))) {
  vitest('e2e in Chromium', ['--project', 'e2e']);
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
