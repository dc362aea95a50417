/**
 * Vitest global setup for the db project: migrate one template database per run, so each test
 * file starts from a copy in well under a second instead of running initdb + migrations.
 *  - pglite: a dumped, migrated data dir in a temp file;
 *  - postgres: a migrated template database that test files CREATE DATABASE … TEMPLATE from.
 */
import type { PGlite } from '@electric-sql/pglite';
import { writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { migrate, openDatabase } from '../../db/client.ts';
import { adminUrl, testDbKind } from './env.ts';

export default async function setup({ provide }: { provide: (k: string, v: string) => void }) {
  const kind = testDbKind();
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database);
    const pg = (database as unknown as { pglite: PGlite }).pglite;
    const dump = await pg.dumpDataDir('none');
    const file = path.join(os.tmpdir(), `cj-template-${process.pid}.tar`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await database.close();
    provide('pgliteTemplate', file);
    return () => rmSync(file, { force: true });
  }
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  const template = `cj_template_${process.pid}`;
  await admin.unsafe(`DROP DATABASE IF EXISTS ${template}`);
  await admin.unsafe(`CREATE DATABASE ${template}`);
  const url = new URL(adminUrl());
  url.pathname = `/${template}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 1 });
  await migrate(database);
  await database.close();
  provide('postgresTemplate', template);
  return async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
