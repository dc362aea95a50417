/**
 * The notifier at cohort scale: one call writes thousands of per-recipient notifications in one
 * transaction while holding a bounded number of inbox locks (per-user locks for this many
 * recipients exhaust PostgreSQL's shared lock table); `oncePer` skips recipients already notified;
 * concurrent large fan-outs over the same users in opposite orders do not deadlock.
 */
import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { notifications, users } from '../../db/schema/index.ts';
import { createNotifier, INBOX_LOCK_BUCKETS } from '../../server/services/notifier.ts';
import { openTestDatabase } from '../support/database.ts';
import { testDbKind } from '../support/env.ts';

// Above the default lock table (64 locks per transaction × 100 connections = 6,400).
const N = 7_000;
let database: Database;
let ids: string[];

beforeAll(async () => {
  database = await openTestDatabase();
  const stamp = randomUUID().slice(0, 8);
  ids = [];
  for (let i = 0; i < N; i += 1000) {
    const rows = await database.db
      .insert(users)
      .values(
        Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({
          email: `n${i + k}-${stamp}@example.cn`,
          passwordHash: 'x',
          displayName: `学生${i + k}`,
        })),
      )
      .returning({ id: users.id });
    ids.push(...rows.map((r) => r.id));
  }
});
afterAll(() => database?.close());

const ofRun = (runId: string) =>
  database.db
    .select({ userId: notifications.userId, id: notifications.id, payload: notifications.payload })
    .from(notifications)
    .where(sql`${notifications.payload}->>'runId' = ${runId}`);

describe('notifier fan-out', () => {
  it(`writes ${N} per-recipient notifications in one call with at most ${INBOX_LOCK_BUCKETS} inbox locks`, async () => {
    const notifier = createNotifier();
    const runId = randomUUID();
    let locks = -1;
    const rows = await database.db.transaction(async (tx) => {
      const out = await notifier.recordEach(
        tx,
        'allocation.published',
        ids.map((userId, i) => ({ userId, payload: { runId, rank: i } })),
      );
      const [r] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(sql`pg_locks`)
        .where(sql`locktype = 'advisory' and pid = pg_backend_pid()`);
      locks = r?.n ?? -1;
      return out;
    });
    expect(rows).toHaveLength(N);
    expect(locks).toBeGreaterThan(0);
    expect(locks).toBeLessThanOrEqual(INBOX_LOCK_BUCKETS);
    const stored = await ofRun(runId);
    expect(stored).toHaveLength(N);
    expect(new Set(stored.map((s) => s.userId)).size).toBe(N);
    // Each recipient got its own payload.
    const byUser = new Map(stored.map((s) => [s.userId, s.payload.rank]));
    expect(ids.every((u, i) => byUser.get(u) === i)).toBe(true);
  });

  it('oncePer skips recipients who already have the notification for that value', async () => {
    const notifier = createNotifier();
    const challengeId = randomUUID();
    const first = ids.slice(0, 10);
    const write = (who: string[]) =>
      database.db.transaction((tx) =>
        notifier.record(tx, who, 'alert.challenge', { challengeId }, { oncePer: 'challengeId' }),
      );
    expect(await write(first)).toHaveLength(10);
    expect(await write(ids.slice(0, 15))).toHaveLength(5);
    expect(await write(ids.slice(0, 15))).toHaveLength(0);
    const stored = await database.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(
        sql`${notifications.type} = 'alert.challenge' and ${notifications.payload}->>'challengeId' = ${challengeId}`,
      );
    expect(stored).toHaveLength(15);
    // Another value is a different notification.
    const other = await database.db.transaction((tx) =>
      notifier.record(
        tx,
        first,
        'alert.challenge',
        { challengeId: randomUUID() },
        { oncePer: 'challengeId' },
      ),
    );
    expect(other).toHaveLength(10);
  });

  it.skipIf(testDbKind() !== 'postgres')(
    'concurrent fan-outs over the same users in opposite orders both commit (PostgreSQL: PGlite runs one transaction at a time)',
    async () => {
      const notifier = createNotifier();
      const some = ids.slice(0, 2000);
      const runs: string[] = [randomUUID(), randomUUID(), randomUUID()];
      const orders = [some, [...some].reverse(), [...some].sort(() => Math.random() - 0.5)];
      await Promise.all(
        runs.map((runId, i) =>
          database.db.transaction((tx) =>
            notifier.recordEach(
              tx,
              'allocation.published',
              orders[i]!.map((userId) => ({ userId, payload: { runId } })),
            ),
          ),
        ),
      );
      for (const runId of runs) expect(await ofRun(runId)).toHaveLength(some.length);
      // Per user, the three runs' rows are in commit order (ids ascending per user, no interleaving
      // a socket could skip): every user's ids follow the same run order.
      const all = await database.db
        .select({ userId: notifications.userId, id: notifications.id, payload: notifications.payload })
        .from(notifications)
        .where(inArray(notifications.userId, some.slice(0, 50)));
      const orderOf = (u: string) =>
        all
          .filter((n) => n.userId === u && runs.includes(n.payload.runId as string))
          .sort((a, b) => a.id - b.id)
          .map((n) => n.payload.runId);
      const first = orderOf(some[0]!);
      expect(first).toHaveLength(3);
      for (const u of some.slice(1, 50)) expect(orderOf(u)).toEqual(first);
    },
  );
});
