import { and, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { memberships, notifications } from '../schema/index.ts';

export type NotificationRow = typeof notifications.$inferSelect;

export async function insertNotifications(
  db: DbOrTx,
  userIds: string[],
  type: string,
  payload: Record<string, unknown>,
): Promise<NotificationRow[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  return db
    .insert(notifications)
    .values(unique.map((userId) => ({ userId, type, payload })))
    .returning();
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
