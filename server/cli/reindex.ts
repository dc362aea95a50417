/**
 * `npm run reindex [-- challenges mentors …]`: rebuilds search indexes from the database.
 * Against Meilisearch this refreshes the server's indexes; it reports progress until the queue is empty.
 */
import path from 'node:path';
import { pino } from 'pino';
import { migrate, openDatabase } from '../../db/client.ts';
import { INDEX, type IndexName } from '../../search/indexes.ts';
import { loadConfig } from '../config.ts';
import { createSearchRuntime } from '../search/runtime.ts';

const wanted = process.argv.slice(2) as IndexName[];
const unknown = wanted.filter((w) => !Object.values(INDEX).includes(w));
if (unknown.length) {
  console.error(`Unknown index: ${unknown.join(', ')}. Choose from ${Object.values(INDEX).join(', ')}.`);
  process.exit(64);
}
const config = loadConfig();
const log = pino({ level: config.logLevel });
const database = await openDatabase(
  config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') },
);
await migrate(database);
const search = await createSearchRuntime({ config, db: database.db, log });
const n = await search.rebuild(wanted.length ? wanted : undefined);
console.log(`queued ${n} documents`);
await search.worker.stop();
const started = Date.now();
await search.worker.drain();
const pending = await search.worker.pending();
console.log(
  `indexed in ${((Date.now() - started) / 1000).toFixed(1)} s; ${pending} still pending (failed rows retry with backoff)`,
);
await search.close();
await database.close();
process.exit(pending ? 1 : 0);
