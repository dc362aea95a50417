/**
 * The few reads the real-time side needs, on either driver: the inbox rows after each socket's
 * cursor (batched over many users in one statement), which sessions are still live, and the
 * memberships of connected users.
 */
import { and, eq, gt, inArray, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { NotificationRow } from '../../db/repositories/notifications.repository.ts';
import { memberships, notifications, sessions } from '../../db/schema/index.ts';
import type { Membership } from '../auth/actor.ts';

export interface Cursor {
  userId: string;
  after: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A PostgreSQL array literal; callers pass only uuids and integers, checked here. */
function arrayLiteral(values: (string | number)[]): string {
  for (const v of values)
    if (typeof v === 'number' ? !Number.isSafeInteger(v) : !UUID.test(v))
      throw new Error(`not an id: ${String(v)}`);
  return `{${values.join(',')}}`;
}

/**
 * For each cursor, up to `perUser` inbox rows with id > after, oldest first; the whole result is
 * ordered by id. One statement for any number of users (index `notifications_user_idx`).
 */
export async function inboxAfter(db: DbOrTx, cursors: Cursor[], perUser: number): Promise<NotificationRow[]> {
  if (!cursors.length) return [];
  const users = arrayLiteral(cursors.map((c) => c.userId));
  const afters = arrayLiteral(cursors.map((c) => Math.max(0, Math.floor(c.after))));
  const n = db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, sql`c.uid`), gt(notifications.id, sql`c.after`)))
    .orderBy(notifications.id)
    .limit(perUser)
    .as('n');
  return db
    .select({
      id: n.id,
      userId: n.userId,
      type: n.type,
      payload: n.payload,
      readAt: n.readAt,
      createdAt: n.createdAt,
    })
    .from(sql`unnest(${users}::uuid[], ${afters}::bigint[]) as c(uid, after)`)
    .crossJoinLateral(n)
    .orderBy(n.id);
}

/** The user's highest inbox id (0 when empty): where a socket without `?after=` starts. */
export async function lastInboxId(db: DbOrTx, userId: string): Promise<number> {
  const [r] = await db
    .select({ id: max(notifications.id) })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  return Number(r?.id ?? 0);
}

/** When the session expires, or undefined when it is gone or already expired. */
export async function sessionExpiry(
  db: DbOrTx,
  tokenHash: string,
  now = new Date(),
): Promise<Date | undefined> {
  const [r] = await db
    .select({ expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  return r?.expiresAt;
}

/** The subset of `tokenHashes` whose sessions still exist and have not expired. */
export async function liveSessions(
  db: DbOrTx,
  tokenHashes: string[],
  now = new Date(),
): Promise<Set<string>> {
  const live = new Set<string>();
  for (let i = 0; i < tokenHashes.length; i += 1000) {
    const rows = await db
      .select({ h: sessions.tokenHash })
      .from(sessions)
      .where(and(inArray(sessions.tokenHash, tokenHashes.slice(i, i + 1000)), gt(sessions.expiresAt, now)));
    for (const r of rows) live.add(r.h);
  }
  return live;
}

/** Each user's organisations and roles (users without any are absent). */
export async function membershipsOf(
  db: DbOrTx,
  userIds: string[],
): Promise<Map<string, Pick<Membership, 'orgId' | 'role'>[]>> {
  const out = new Map<string, Pick<Membership, 'orgId' | 'role'>[]>();
  for (let i = 0; i < userIds.length; i += 1000) {
    const rows = await db
      .select({ userId: memberships.userId, orgId: memberships.orgId, role: memberships.role })
      .from(memberships)
      .where(inArray(memberships.userId, userIds.slice(i, i + 1000)));
    for (const { userId, ...m } of rows) {
      let l = out.get(userId);
      if (!l) out.set(userId, (l = []));
      l.push(m);
    }
  }
  return out;
}
