import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../client.ts';

type Editable = PgTable & { id: PgColumn; updatedAt: PgColumn };

/**
 * The writes every workflow table needs: lock a row the caller can see, insert, and update by id
 * (stamping `updatedAt`). The casts only restore the row type Drizzle cannot infer for a generic table.
 */
export function rowWrites<T extends Editable>(db: DbOrTx, table: T, visible: () => SQL) {
  type Row = T['$inferSelect'];
  const t: PgTable = table;
  return {
    /** Row for a write, locked; only rows the caller can see. */
    async getForUpdate(id: string): Promise<Row | undefined> {
      const [r] = await db
        .select()
        .from(t)
        .where(and(eq(table.id, id), visible()))
        .for('update');
      return r as Row | undefined;
    },
    async insert(v: T['$inferInsert']): Promise<Row> {
      const [r] = await db.insert(t).values(v).returning();
      return r as Row;
    },
    async update(id: string, v: Partial<T['$inferInsert']>): Promise<Row> {
      const [r] = await db
        .update(t)
        .set({ ...v, updatedAt: new Date() })
        .where(eq(table.id, id))
        .returning();
      return r as Row;
    },
  };
}
