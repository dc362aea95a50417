import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { invitations, memberships, organisations, users } from '../schema/index.ts';

export function findUserByEmail(db: DbOrTx, email: string) {
  return db
    .select()
    .from(users)
    .where(eq(users.email, email.toLowerCase()))
    .then((r) => r[0]);
}

export async function insertUser(
  db: DbOrTx,
  u: { email: string; passwordHash: string; displayName: string; platformAdmin?: boolean; locale?: string },
) {
  const [row] = await db
    .insert(users)
    .values({ ...u, email: u.email.toLowerCase() })
    .returning();
  return row!;
}

export async function insertOrganisation(db: DbOrTx, o: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(o).returning();
  return row!;
}

export async function addMembership(db: DbOrTx, m: typeof memberships.$inferInsert): Promise<void> {
  await db.insert(memberships).values(m).onConflictDoNothing();
}

export async function insertInvitation(db: DbOrTx, i: typeof invitations.$inferInsert) {
  const [row] = await db.insert(invitations).values(i).returning();
  return row!;
}

export function findOpenInvitation(db: DbOrTx, tokenHash: string, now = new Date()) {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .then((r) => r[0]);
}

export async function markInvitationAccepted(db: DbOrTx, id: string): Promise<void> {
  await db.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, id));
}
