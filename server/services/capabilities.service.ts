import { appendAudit } from '../../db/repositories/audit.repository.ts';
import { capabilityRepository } from '../../db/repositories/capabilities.repository.ts';
import { enqueueIndex } from '../../db/repositories/outbox.repository.ts';
import type { capabilities } from '../../db/schema/index.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.ts';
import type { ServiceContext } from './context.ts';

export type CapabilityInput = Omit<
  typeof capabilities.$inferInsert,
  'id' | 'orgId' | 'createdAt' | 'updatedAt'
>;

function requireUniversityAdmin(actor: Actor | null, orgId: string): Actor {
  if (!actor) throw new UnauthenticatedError();
  const isUni = actor.memberships.some((m) => m.orgId === orgId && m.orgKind !== 'enterprise');
  if (!isUni || !hasRole(actor, orgId, 'org_admin', 'grad_admin')) {
    throw new ForbiddenError(
      '只能维护本校能力清单 / You can manage only your own university’s capability list',
    );
  }
  return actor;
}

export const list = (
  ctx: ServiceContext,
  f: Parameters<ReturnType<typeof capabilityRepository>['list']>[0],
  page: { cursor?: string; limit: number },
) => capabilityRepository(ctx.db).list(f, page);

export async function get(ctx: ServiceContext, id: string) {
  const c = await capabilityRepository(ctx.db).get(id);
  if (!c) throw new NotFoundError('Capability');
  return c;
}

export async function create(ctx: ServiceContext, orgId: string, input: CapabilityInput) {
  const actor = requireUniversityAdmin(ctx.actor, orgId);
  const row = await ctx.db.transaction(async (tx) => {
    const c = await capabilityRepository(tx).insert({ ...input, orgId });
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId,
      action: 'capability.create',
      entityType: 'capability',
      entityId: c.id,
    });
    await enqueueIndex(tx, 'capability', [c.id]);
    return c;
  });
  return get(ctx, row.id);
}

export async function update(ctx: ServiceContext, id: string, input: Partial<CapabilityInput>) {
  const existing = await get(ctx, id);
  const actor = requireUniversityAdmin(ctx.actor, existing.orgId);
  await ctx.db.transaction(async (tx) => {
    const r = await capabilityRepository(tx).update(id, existing.orgId, input);
    if (!r) throw new NotFoundError('Capability');
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: existing.orgId,
      action: 'capability.update',
      entityType: 'capability',
      entityId: id,
      data: { fields: Object.keys(input) },
    });
    await enqueueIndex(tx, 'capability', [id]);
  });
  return get(ctx, id);
}

export async function remove(ctx: ServiceContext, id: string) {
  const existing = await get(ctx, id);
  const actor = requireUniversityAdmin(ctx.actor, existing.orgId);
  await ctx.db.transaction(async (tx) => {
    if (!(await capabilityRepository(tx).delete(id, existing.orgId))) throw new NotFoundError('Capability');
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: existing.orgId,
      action: 'capability.delete',
      entityType: 'capability',
      entityId: id,
    });
    await enqueueIndex(tx, 'capability', [id], 'delete');
  });
}
