import { and, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { memberships, notifications } from '../schema/index.ts';

export type NotificationRow = typeof notifications.$inferSelect;

/** Rows per INSERT statement: three parameters each, far below the protocol's 65,535. */
const INSERT_CHUNK = 2000;

/** Inserts inbox rows in id order of the input (chunked, so any number of recipients fits). */
export async function insertNotificationRows(
  db: DbOrTx,
  rows: { userId: string; type: string; payload: Record<string, unknown> }[],
): Promise<NotificationRow[]> {
  const out: NotificationRow[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    out.push(
      ...(await db
        .insert(notifications)
        .values(rows.slice(i, i + INSERT_CHUNK))
        .returning()),
    );
  return out;
}

/** Which of these users already have a `type` notification whose payload has `key` = one of `values`. */
export async function existingNotifications(
  db: DbOrTx,
  type: string,
  key: string,
  userIds: string[],
  values: string[],
): Promise<{ userId: string; value: string }[]> {
  if (!userIds.length || !values.length) return [];
  const users = JSON.stringify(userIds);
  const vals = JSON.stringify(values);
  return db
    .select({ userId: notifications.userId, value: sql<string>`${notifications.payload}->>${key}` })
    .from(notifications)
    .where(
      and(
        eq(notifications.type, type),
        sql`${notifications.userId} in (select u::uuid from json_array_elements_text(${users}::json) as u)`,
        sql`${notifications.payload}->>${key} in (select v from json_array_elements_text(${vals}::json) as v)`,
      ),
    );
}

/** Users holding any of `roles` in the organisation (e.g. everyone at the enterprise). */
export async function orgUserIds(db: DbOrTx, orgId: string, roles?: string[]): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.orgId, orgId),
        roles ? inArray(memberships.role, roles as (typeof memberships.$inferSelect)['role'][]) : undefined,
      ),
    );
  return [...new Set(rows.map((r) => r.userId))];
}

/** A user's inbox page, newest first; `before` is the smallest id of the previous page. */
export function inbox(
  db: DbOrTx,
  userId: string,
  opts: { before?: number; limit: number; unreadOnly?: boolean },
) {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        opts.before ? lt(notifications.id, opts.before) : undefined,
        opts.unreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(opts.limit + 1);
}

/** Everything after `afterId`, oldest first: what a reconnecting socket missed. */
export function since(db: DbOrTx, userId: string, afterId: number, limit = 500) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), gt(notifications.id, afterId)))
    .orderBy(notifications.id)
    .limit(limit);
}

export async function markRead(db: DbOrTx, userId: string, ids: number[] | 'all'): Promise<number> {
  const r = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids === 'all' ? undefined : inArray(notifications.id, ids.length ? ids : [-1]),
      ),
    )
    .returning({ id: notifications.id });
  return r.length;
}

export async function unreadCount(db: DbOrTx, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return r?.n ?? 0;
}
