import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { memberships, organisations, users } from '../schema/index.ts';
import { containsText } from './filters.ts';
import { afterCursor, orderBy, pageOf } from './pagination.ts';

export type OrganisationRow = typeof organisations.$inferSelect;

export function findOrganisation(db: DbOrTx, id: string) {
  return db
    .select()
    .from(organisations)
    .where(eq(organisations.id, id))
    .then((r) => r[0]);
}

export async function listOrganisations(
  db: DbOrTx,
  f: { kind?: OrganisationRow['kind']; q?: string; cursor?: string; limit: number },
) {
  const k = { column: organisations.name, id: organisations.id, direction: 'asc' as const };
  const rows = await db
    .select()
    .from(organisations)
    .where(
      and(
        f.kind ? eq(organisations.kind, f.kind) : undefined,
        f.q ? containsText(f.q, organisations.name) : undefined,
        afterCursor(k, f.cursor, false),
      ),
    )
    .orderBy(...orderBy(k))
    .limit(f.limit + 1);
  return pageOf(rows, f.limit, (r) => r.name);
}

export async function setVerification(db: DbOrTx, id: string, state: OrganisationRow['verification']) {
  const [r] = await db
    .update(organisations)
    .set({ verification: state })
    .where(eq(organisations.id, id))
    .returning();
  return r;
}

export function listMembers(db: DbOrTx, orgId: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      roles: sql<string[]>`array_agg(${memberships.role}::text order by ${memberships.role})`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .groupBy(users.id, users.email, users.displayName)
    .orderBy(users.displayName);
}

export function organisationsByIds(db: DbOrTx, ids: string[]) {
  return ids.length
    ? db.select().from(organisations).where(inArray(organisations.id, ids))
    : Promise.resolve([]);
}
