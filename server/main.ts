/**
 * Process entry: configuration, logger, database, listen, graceful shutdown. Everything else is
 * built by buildApp so tests get the same application without a port.
 */
import path from 'node:path';
import { migrate, openDatabase } from '../db/client.ts';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createNotifier } from './services/notifier.ts';
import { bootstrapAdmin } from './services/bootstrap.service.ts';
import { seedDemoData } from '../db/seed/index.ts';
import { createSearchRuntime } from './search/runtime.ts';
import { AllocationRunner } from './services/allocation.service.ts';
import { pino } from 'pino';

const started = performance.now();
let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}

const database = await openDatabase(
  config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') },
);
await migrate(database);

const log = pino({
  level: config.logLevel,
  // Never log credentials: cookies, CSRF tokens and passwords are redacted.
  redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'body.password'],
});

if (config.demoData && database.kind === 'pglite') {
  const r = await seedDemoData(database.db, { log: (m) => log.info(m) });
  if (r.seeded) log.info({ counts: r.counts }, 'demo data loaded');
}
await bootstrapAdmin(database.db, config, log);
const search = await createSearchRuntime({ config, db: database.db, log });
const notifier = createNotifier();
const allocationRunner = new AllocationRunner(database.db, notifier, log);
allocationRunner.start();
const app = await buildApp({
  config,
  database,
  search,
  notifier,
  jobs: { allocation: allocationRunner },
  logger: log,
});

const shutdown = async (signal: string) => {
  app.log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  await allocationRunner.stop();
  await search.close();
  await database.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.host, port: config.port });
app.log.info(
  {
    db: database.kind,
    startupMs: Math.round(performance.now() - started),
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  },
  `ready at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
);
