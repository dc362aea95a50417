import { appendAudit } from '../../db/repositories/audit.repository.ts';
import {
  accountForMentor,
  mentorRepository,
  type MentorFilters,
  type MentorRow,
} from '../../db/repositories/mentors.repository.ts';
import { findOrganisation } from '../../db/repositories/organisations.repository.ts';
import { enqueueIndex } from '../../db/repositories/outbox.repository.ts';
import type { publications } from '../../db/schema/index.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { next } from './state-machine.ts';
import { poolMachine, type PoolAction } from './workflows.ts';

type PublicationInput = Omit<typeof publications.$inferInsert, 'id' | 'mentorId'>;

export interface MentorInput {
  kind: MentorRow['kind'];
  name: string;
  title?: string;
  email?: string | null;
  region: string;
  disciplines?: string[];
  interests?: string;
  projects?: string;
  capacity?: number;
  /** Required for industry mentors added by a university: the enterprise they work for. */
  homeOrgId?: string;
  publications?: PublicationInput[];
}

function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

export const list = (ctx: ServiceContext, f: MentorFilters, page: { cursor?: string; limit: number }) =>
  mentorRepository(ctx.db, ctx.actor).list(f, page);

/** The caller's own pool records (possibly none: then they are not a mentor anywhere yet). */
export async function mine(ctx: ServiceContext) {
  const actor = requireActor(ctx.actor);
  return mentorRepository(ctx.db, actor).mine();
}

/**
 * Students allocated to the caller in published allocation runs, as supervisor or industry
 * mentor. Someone who is nobody's mentor simply has none: the list is the caller's own by
 * construction, so there is nothing to forbid.
 */
export async function myStudents(ctx: ServiceContext, page: { cursor?: string; limit: number }) {
  const actor = requireActor(ctx.actor);
  return mentorRepository(ctx.db, actor).allocatedStudents(page);
}

export async function get(ctx: ServiceContext, id: string) {
  const m = await mentorRepository(ctx.db, ctx.actor).get(id);
  if (!m) throw new NotFoundError('Mentor');
  return m;
}

/** The caller may add mentors to this pool: its university's admins (or a platform admin). */
export async function requirePoolManager(ctx: ServiceContext, poolOrgId: string): Promise<Actor> {
  const actor = requireActor(ctx.actor);
  const pool = await findOrganisation(ctx.db, poolOrgId);
  if (!pool || pool.kind === 'enterprise')
    throw new ValidationError('Pool must be a university or institute', { poolOrgId: 'not a university' });
  if (!hasRole(actor, poolOrgId, 'org_admin', 'grad_admin') && !actor.platformAdmin) {
    throw new ForbiddenError('只能管理本校导师库 / You can manage only your own university’s pool');
  }
  return actor;
}

/**
 * Adds mentors to a university's pool (state `applied`, awaiting vetting). Campus supervisors
 * belong to the pool's university; industry mentors name the enterprise they work for.
 * Used by the API (one) and by imports (many, all-or-nothing in the caller's transaction).
 */
export async function createMany(ctx: ServiceContext, poolOrgId: string, inputs: MentorInput[]) {
  const actor = await requirePoolManager(ctx, poolOrgId);
  for (const [i, m] of inputs.entries()) {
    if (m.kind === 'industry') {
      const home = m.homeOrgId ? await findOrganisation(ctx.db, m.homeOrgId) : undefined;
      if (home?.kind !== 'enterprise') {
        throw new ValidationError('产业导师须注明所在企业 / Industry mentors need their enterprise', {
          [inputs.length > 1 ? `${i}.homeOrgId` : 'homeOrgId']: 'must be an enterprise id',
        });
      }
    }
  }
  const ids = await ctx.db.transaction(async (tx) => {
    const repo = mentorRepository(tx, actor);
    const out: string[] = [];
    for (const { publications: pubs, homeOrgId, ...m } of inputs) {
      const home = m.kind === 'campus' ? poolOrgId : homeOrgId!;
      // A person who already has an account in their organisation owns the record at once.
      const userId = await accountForMentor(tx, { ...m, poolOrgId, homeOrgId: home });
      const row = await repo.insert({
        ...m,
        homeOrgId: home,
        poolOrgId,
        state: 'applied',
        ...(userId ? { userId } : {}),
      });
      await repo.addPublications(row.id, pubs ?? []);
      await repo.recordState({
        mentorId: row.id,
        fromState: null,
        toState: 'applied',
        reason: '入库申请 / added',
        actorId: actor.userId,
      });
      await appendAudit(tx, {
        actorId: actor.userId,
        orgId: poolOrgId,
        action: 'mentor.create',
        entityType: 'mentor',
        entityId: row.id,
        toState: 'applied',
      });
      out.push(row.id);
    }
    await enqueueIndex(tx, 'mentor', out);
    return out;
  });
  return ids;
}

/** An industry mentor applies to a university's pool themselves. */
export async function apply(
  ctx: ServiceContext,
  poolOrgId: string,
  input: Omit<MentorInput, 'kind' | 'homeOrgId'>,
) {
  const actor = requireActor(ctx.actor);
  const home = actor.memberships.find((m) => m.role === 'industry_mentor');
  if (!home)
    throw new ForbiddenError('只有产业导师账号可以申请入库 / Only industry-mentor accounts can apply');
  const pool = await findOrganisation(ctx.db, poolOrgId);
  if (!pool || pool.kind === 'enterprise')
    throw new ValidationError('Pool must be a university', { poolOrgId: 'not a university' });
  const id = await ctx.db.transaction(async (tx) => {
    const repo = mentorRepository(tx, actor);
    const { publications: pubs, ...m } = input;
    const row = await repo.insert({
      ...m,
      kind: 'industry',
      homeOrgId: home.orgId,
      poolOrgId,
      userId: actor.userId,
      state: 'applied',
    });
    await repo.addPublications(row.id, pubs ?? []);
    await repo.recordState({
      mentorId: row.id,
      fromState: null,
      toState: 'applied',
      reason: '本人申请 / self-application',
      actorId: actor.userId,
    });
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: poolOrgId,
      action: 'mentor.apply',
      entityType: 'mentor',
      entityId: row.id,
      toState: 'applied',
    });
    await enqueueIndex(tx, 'mentor', [row.id]);
    return row.id;
  });
  return get(ctx, id);
}

export async function updateProfile(
  ctx: ServiceContext,
  id: string,
  input: Partial<Omit<MentorInput, 'kind' | 'homeOrgId' | 'publications'>>,
) {
  const actor = requireActor(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const repo = mentorRepository(tx, actor);
    const m = await repo.getForUpdate(id);
    if (!m) throw new NotFoundError('Mentor');
    if (m.userId !== actor.userId && !repo.canManagePool(m.poolOrgId)) {
      throw new ForbiddenError('只能修改本人或本校导师资料 / Only the mentor or their pool admins can edit');
    }
    if (input.capacity !== undefined && input.capacity < m.load) {
      throw new ValidationError(`Capacity cannot drop below current load (${m.load})`, {
        capacity: `must be ≥ ${m.load}`,
      });
    }
    await repo.update(id, input);
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: m.poolOrgId,
      action: 'mentor.update',
      entityType: 'mentor',
      entityId: id,
      data: { fields: Object.keys(input) },
    });
    await enqueueIndex(tx, 'mentor', [id]);
  });
  return get(ctx, id);
}

export async function addPublications(ctx: ServiceContext, id: string, pubs: PublicationInput[]) {
  const actor = requireActor(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const repo = mentorRepository(tx, actor);
    const m = await repo.getForUpdate(id);
    if (!m) throw new NotFoundError('Mentor');
    if (m.userId !== actor.userId && !repo.canManagePool(m.poolOrgId)) throw new ForbiddenError();
    await repo.addPublications(id, pubs);
    await enqueueIndex(tx, 'mentor', [id]);
  });
  return get(ctx, id);
}

export async function deletePublication(ctx: ServiceContext, id: string, pubId: string) {
  const actor = requireActor(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const repo = mentorRepository(tx, actor);
    const m = await repo.getForUpdate(id);
    if (!m) throw new NotFoundError('Mentor');
    if (m.userId !== actor.userId && !repo.canManagePool(m.poolOrgId)) throw new ForbiddenError();
    if (!(await repo.deletePublication(id, pubId))) throw new NotFoundError('Publication');
    await enqueueIndex(tx, 'mentor', [id]);
  });
}

/** Pool workflow: vetting, suspension, exit, re-entry. The mentor may exit or re-apply themselves. */
export async function transition(
  ctx: ServiceContext,
  id: string,
  action: PoolAction,
  reason: string | undefined,
) {
  const actor = requireActor(ctx.actor);
  const rows = await ctx.db.transaction(async (tx) => {
    const repo = mentorRepository(tx, actor);
    const m = await repo.getForUpdate(id);
    if (!m) throw new NotFoundError('Mentor');
    const self = m.userId === actor.userId;
    const selfAllowed = action === 'exit' || action === 'reapply';
    if (!repo.canManagePool(m.poolOrgId) && !(self && selfAllowed)) {
      throw new ForbiddenError(
        '只有该导师库所属研究生院可以操作 / Only the pool’s graduate school can do this',
      );
    }
    const to = next(poolMachine, m.state, action);
    if ((action === 'suspend' || action === 'reject') && !reason?.trim()) {
      throw new ValidationError('请说明原因 / A reason is required', { reason: `required to ${action}` });
    }
    await repo.update(id, { state: to });
    await repo.recordState({
      mentorId: id,
      fromState: m.state,
      toState: to,
      reason: reason ?? '',
      actorId: actor.userId,
    });
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: m.poolOrgId,
      action: `mentor.${action}`,
      entityType: 'mentor',
      entityId: id,
      fromState: m.state,
      toState: to,
      reason: reason ?? '',
    });
    await enqueueIndex(tx, 'mentor', [id]);
    return m.userId && m.userId !== actor.userId
      ? ctx.notifier.record(tx, [m.userId], 'pool.changed', {
          mentorId: id,
          from: m.state,
          to,
          reason: reason ?? '',
        })
      : [];
  });
  ctx.notifier.deliver(rows);
  return get(ctx, id);
}
