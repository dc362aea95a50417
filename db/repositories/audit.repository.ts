import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { auditLog } from '../schema/index.ts';

export interface AuditEntry {
  actorId: string | null;
  orgId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  fromState?: string | null;
  toState?: string | null;
  reason?: string;
  data?: Record<string, unknown>;
}

export async function appendAudit(db: DbOrTx, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...e, reason: e.reason ?? '' });
}

export function auditFor(db: DbOrTx, entityType: string, entityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.id));
}
