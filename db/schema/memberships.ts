import { index, pgTable, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { role } from './enums.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: role('role').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_user_org_role_uq').on(t.userId, t.orgId, t.role),
    index('memberships_org_idx').on(t.orgId),
  ],
);
