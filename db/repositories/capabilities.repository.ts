import { and, arrayOverlaps, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { capabilities, organisations } from '../schema/index.ts';
import { containsText } from './filters.ts';
import { afterCursor, orderBy, pageOf, type Keyset } from './pagination.ts';

export type CapabilityRow = typeof capabilities.$inferSelect;

/** Capability lists are public; writes are checked against the owning university in the service. */
export function capabilityRepository(db: DbOrTx) {
  const select = () =>
    db
      .select({ c: capabilities, orgName: organisations.name })
      .from(capabilities)
      .innerJoin(organisations, eq(organisations.id, capabilities.orgId));
  const toView = (r: { c: CapabilityRow; orgName: string }) => ({ ...r.c, orgName: r.orgName });
  return {
    async list(
      f: { q?: string; orgId?: string; discipline?: string[] },
      page: { cursor?: string; limit: number },
    ) {
      const k: Keyset = { column: capabilities.createdAt, id: capabilities.id, direction: 'desc' };
      const conds: (SQL | undefined)[] = [afterCursor(k, page.cursor, true)];
      if (f.orgId) conds.push(eq(capabilities.orgId, f.orgId));
      if (f.discipline?.length) conds.push(arrayOverlaps(capabilities.disciplines, f.discipline));
      if (f.q) conds.push(containsText(f.q, capabilities.name, capabilities.achievements));
      const rows = await select()
        .where(and(...conds))
        .orderBy(...orderBy(k))
        .limit(page.limit + 1);
      return pageOf(rows.map(toView), page.limit, (v) => v.createdAt);
    },
    async get(id: string) {
      const [r] = await select().where(eq(capabilities.id, id));
      return r ? toView(r) : undefined;
    },
    async insert(v: typeof capabilities.$inferInsert) {
      const [r] = await db.insert(capabilities).values(v).returning();
      return r!;
    },
    /** Scoped write: only rows of `orgId` can change. */
    async update(id: string, orgId: string, v: Partial<typeof capabilities.$inferInsert>) {
      const [r] = await db
        .update(capabilities)
        .set({ ...v, updatedAt: new Date() })
        .where(and(eq(capabilities.id, id), eq(capabilities.orgId, orgId)))
        .returning();
      return r;
    },
    async delete(id: string, orgId: string) {
      const r = await db
        .delete(capabilities)
        .where(and(eq(capabilities.id, id), eq(capabilities.orgId, orgId)))
        .returning({ id: capabilities.id });
      return r.length > 0;
    },
  };
}
