import { and, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../../db/repositories/audit.repository.ts';
import { challengeRepository } from '../../db/repositories/challenges.repository.ts';
import { orgUserIds } from '../../db/repositories/notifications.repository.ts';
import { proposalRepository } from '../../db/repositories/proposals.repository.ts';
import { mentors } from '../../db/schema/index.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { next } from './state-machine.ts';
import { proposalMachine, type ProposalAction } from './workflows.ts';

export interface ProposalInput {
  title: string;
  approach: string;
  mentorIds?: string[];
}

const UNIVERSITY_ROLES = ['org_admin', 'grad_admin', 'supervisor'] as const;

function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

export const list = (ctx: ServiceContext, f: { challengeId?: string }) =>
  proposalRepository(ctx.db, ctx.actor).list(f);

export async function get(ctx: ServiceContext, id: string) {
  const p = await proposalRepository(ctx.db, ctx.actor).get(id);
  if (!p) throw new NotFoundError('Proposal');
  return p;
}

async function checkMentors(ctx: ServiceContext, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const found = await ctx.db
    .select({ id: mentors.id })
    .from(mentors)
    .where(and(inArray(mentors.id, ids), eq(mentors.state, 'active')));
  if (found.length !== new Set(ids).size) {
    throw new ValidationError('Team members must be active pool mentors', {
      mentorIds: 'unknown or inactive mentor',
    });
  }
}

/** 高校答题: a university team answers a published challenge. */
export async function create(
  ctx: ServiceContext,
  challengeId: string,
  orgId: string | undefined,
  input: ProposalInput,
) {
  const actor = requireActor(ctx.actor);
  const mine = actor.memberships.filter(
    (m) => m.orgKind !== 'enterprise' && (UNIVERSITY_ROLES as readonly string[]).includes(m.role),
  );
  const target = orgId ?? (new Set(mine.map((m) => m.orgId)).size === 1 ? mine[0]?.orgId : undefined);
  if (!target) {
    throw mine.length
      ? new ValidationError('Say which university proposes', { orgId: 'required' })
      : new ForbiddenError('只有高校成员可以提交方案 / Only university members can propose');
  }
  if (!mine.some((m) => m.orgId === target))
    throw new ForbiddenError('不能代表其他高校提交 / You cannot propose for another university');
  const c = await challengeRepository(ctx.db, actor).get(challengeId);
  if (!c) throw new NotFoundError('Challenge');
  if (c.state !== 'published' && c.state !== 'matching') {
    throw new ConflictError(
      'challenge_not_open',
      `Challenge is "${c.state}": proposals are accepted while it is published or matching`,
    );
  }
  await checkMentors(ctx, input.mentorIds);
  const p = await ctx.db.transaction(async (tx) => {
    const row = await proposalRepository(tx, actor).insert({
      ...input,
      challengeId,
      orgId: target,
      createdBy: actor.userId,
    });
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: target,
      action: 'proposal.create',
      entityType: 'proposal',
      entityId: row.id,
      toState: 'draft',
    });
    return row;
  });
  return get(ctx, p.id);
}

export async function update(ctx: ServiceContext, id: string, input: Partial<ProposalInput>) {
  const actor = requireActor(ctx.actor);
  const p = await get(ctx, id);
  if (!hasRole(actor, p.orgId, ...UNIVERSITY_ROLES))
    throw new ForbiddenError('Only the proposing university can edit');
  if (p.state !== 'draft')
    throw new ConflictError('not_editable', `A proposal in state "${p.state}" cannot be edited`);
  await checkMentors(ctx, input.mentorIds);
  await ctx.db.transaction(async (tx) => {
    await proposalRepository(tx, actor).update(id, input);
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: p.orgId,
      action: 'proposal.update',
      entityType: 'proposal',
      entityId: id,
    });
  });
  return get(ctx, id);
}

export async function transition(
  ctx: ServiceContext,
  id: string,
  action: ProposalAction,
  reason: string | undefined,
) {
  const actor = requireActor(ctx.actor);
  const rows = await ctx.db.transaction(async (tx) => {
    const repo = proposalRepository(tx, actor);
    const p = await repo.get(id);
    if (!p) throw new NotFoundError('Proposal');
    const byUniversity = action === 'submit' || action === 'withdraw';
    const allowed = byUniversity
      ? hasRole(actor, p.orgId, ...UNIVERSITY_ROLES)
      : hasRole(actor, p.challengeOrgId, 'org_admin', 'enterprise_member');
    if (!allowed)
      throw new ForbiddenError(
        byUniversity
          ? 'Only the proposing university can do this'
          : 'Only the challenge’s enterprise can do this',
      );
    const to = next(proposalMachine, p.state, action);
    await repo.update(id, { state: to });
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: p.orgId,
      action: `proposal.${action}`,
      entityType: 'proposal',
      entityId: id,
      fromState: p.state,
      toState: to,
      reason: reason ?? '',
    });
    const notifyOrg = byUniversity ? p.challengeOrgId : p.orgId;
    const type = action === 'submit' ? 'proposal.received' : `proposal.${action}`;
    return ctx.notifier.record(
      tx,
      (await orgUserIds(tx, notifyOrg)).filter((u) => u !== actor.userId),
      type,
      {
        proposalId: id,
        challengeId: p.challengeId,
        challengeTitle: p.challengeTitle,
        title: p.title,
        from: p.state,
        to,
      },
    );
  });
  ctx.notifier.deliver(rows);
  return get(ctx, id);
}
