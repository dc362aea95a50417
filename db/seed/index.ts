/**
 * Demo data for a fresh install (embedded mode loads it on first start): verified enterprises and
 * universities, a shared mentor pool with real publication text (CSL), capability lists,
 * challenges at every workflow stage, thesis topics with two mentors, students and their ranked
 * preferences, and six demo accounts sharing {@link DEMO_PASSWORD}.
 *
 * Idempotent: does nothing once any organisation exists. Everything is written in one transaction
 * with multi-row inserts, and every searchable row is queued in the outbox in that transaction.
 */
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { readFileSync } from 'node:fs';
import { hashPassword } from '../../server/auth/password.ts';
import type { Db, DbOrTx } from '../client.ts';
import { enqueueIndex } from '../repositories/outbox.repository.ts';
import * as schema from '../schema/index.ts';
import { demoAccounts } from './accounts.ts';
import { buildDemoPlan, type DemoPlan, type SeedPaper } from './plan.ts';

export {
  DEMO_PASSWORD,
  demoAccount,
  demoAccounts,
  type DemoAccount,
  type DemoAccountKey,
} from './accounts.ts';
export { buildDemoPlan, NO_PASSWORD, SEED_COHORT, type DemoPlan, type SeedPaper } from './plan.ts';

export interface SeedOptions {
  log?: (msg: string) => void;
  /** The install date that deadlines and history are laid out around; defaults to now. */
  now?: Date;
}

export interface SeedResult {
  seeded: boolean;
  counts: Record<string, number>;
}

/** Serialises concurrent first starts of several app instances on one database. */
const SEED_LOCK_KEY = 727_102_601;

/** Largest number of bind parameters per statement; PostgreSQL allows 65,535. */
const MAX_PARAMS = 30_000;

export const seedPapersFile = new URL('./data/papers.jsonl', import.meta.url);

/** The shipped CSL subset (see data/README.md). */
export function loadSeedPapers(file: URL | string = seedPapersFile): SeedPaper[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as SeedPaper);
}

async function hasOrganisations(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ id: schema.organisations.id }).from(schema.organisations).limit(1);
  return rows.length > 0;
}

async function insertAll<T extends PgTable>(
  tx: DbOrTx,
  table: T,
  rows: T['$inferInsert'][],
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Math.max(1, Object.keys(rows[0] as object).length);
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  for (let i = 0; i < rows.length; i += size) {
    await tx.insert(table).values(rows.slice(i, i + size));
  }
  return rows.length;
}

export async function seedDemoData(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  if (await hasOrganisations(db)) {
    log('seed: organisations already exist, demo data not loaded');
    return { seeded: false, counts: {} };
  }
  const started = performance.now();
  const plan = buildDemoPlan({ now: opts.now ?? new Date(), papers: loadSeedPapers() });
  await hashDemoPasswords(plan);

  const counts = await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`));
    if (await hasOrganisations(tx)) return null;
    const c: Record<string, number> = {};
    c.organisations = await insertAll(tx, schema.organisations, plan.organisations);
    c.users = await insertAll(tx, schema.users, plan.users);
    c.memberships = await insertAll(tx, schema.memberships, plan.memberships);
    c.capabilities = await insertAll(tx, schema.capabilities, plan.capabilities);
    c.mentors = await insertAll(tx, schema.mentors, plan.mentors);
    c.poolStateChanges = await insertAll(tx, schema.poolStateChanges, plan.poolStateChanges);
    c.publications = await insertAll(tx, schema.publications, plan.publications);
    c.challenges = await insertAll(tx, schema.challenges, plan.challenges);
    c.proposals = await insertAll(tx, schema.proposals, plan.proposals);
    c.ndaAcceptances = await insertAll(tx, schema.ndaAcceptances, plan.ndaAcceptances);
    c.outcomeGrades = await insertAll(tx, schema.outcomeGrades, plan.outcomeGrades);
    c.thesisTopics = await insertAll(tx, schema.thesisTopics, plan.thesisTopics);
    c.students = await insertAll(tx, schema.students, plan.students);
    c.preferences = await insertAll(tx, schema.preferences, plan.preferences);
    c.auditLog = await insertAll(tx, schema.auditLog, plan.auditLog);

    const ids = (rows: { id?: string }[]) => rows.map((r) => r.id!);
    await enqueueIndex(tx, 'challenge', ids(plan.challenges));
    await enqueueIndex(tx, 'mentor', ids(plan.mentors));
    await enqueueIndex(tx, 'capability', ids(plan.capabilities));
    await enqueueIndex(tx, 'topic', ids(plan.thesisTopics));
    c.outbox =
      plan.challenges.length + plan.mentors.length + plan.capabilities.length + plan.thesisTopics.length;

    await tx.insert(schema.auditLog).values({
      actorId: null,
      action: 'system.seed_demo',
      entityType: 'system',
      entityId: 'demo-data',
      reason: '首次启动加载演示数据 / demo data loaded on first start',
      data: { ...c },
    });
    c.auditLog += 1;
    return c;
  });

  if (!counts) {
    log('seed: another instance loaded the demo data first');
    return { seeded: false, counts: {} };
  }
  const ms = Math.round(performance.now() - started);
  log(
    `seed: demo data loaded in ${ms} ms — ${counts.organisations} organisations, ${counts.mentors} mentors, ` +
      `${counts.challenges} challenges, ${counts.thesisTopics} topics, ${counts.students} students; ` +
      `demo accounts: ${demoAccounts.map((a) => a.email).join(', ')}`,
  );
  return { seeded: true, counts };
}

/** Only the demo accounts get a password (argon2, ~40 ms each); seeded contacts cannot log in. */
async function hashDemoPasswords(plan: DemoPlan): Promise<void> {
  const hashes = new Map<string, string>();
  for (const a of demoAccounts) hashes.set(a.email, await hashPassword(a.password));
  for (const u of plan.users) {
    const h = hashes.get(u.email);
    if (h) u.passwordHash = h;
  }
}
