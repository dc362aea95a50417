import { and, eq, gt, lt } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { memberships, organisations, sessions, users } from '../schema/index.ts';

export async function insertSession(
  db: DbOrTx,
  row: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function deleteSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: DbOrTx, now = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/** The live session with its user and memberships, or undefined when missing or expired. */
export async function findLiveSession(db: DbOrTx, tokenHash: string, now = new Date()) {
  const [row] = await db
    .select({
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      platformAdmin: users.platformAdmin,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  if (!row) return undefined;
  const ms = await db
    .select({ orgId: memberships.orgId, role: memberships.role, orgKind: organisations.kind })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(eq(memberships.userId, row.userId));
  return { ...row, memberships: ms };
}
