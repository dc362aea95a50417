import { eq } from 'drizzle-orm';
import { appendAudit } from '../../db/repositories/audit.repository.ts';
import { challengeRepository } from '../../db/repositories/challenges.repository.ts';
import { orgUserIds } from '../../db/repositories/notifications.repository.ts';
import { enqueueIndex } from '../../db/repositories/outbox.repository.ts';
import {
  topicRepository,
  type TopicFilters,
  type TopicRow,
} from '../../db/repositories/topics.repository.ts';
import { mentors } from '../../db/schema/index.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { next } from './state-machine.ts';
import { topicMachine, type TopicAction } from './workflows.ts';
import { enqueueAlert } from './alerts.service.ts';

export interface TopicInput {
  title: string;
  description: string;
  disciplines?: string[];
  degreeType?: TopicRow['degreeType'];
  cohort: number;
  capacity?: number;
  supervisorId: string;
  industryMentorId?: string | null;
  challengeId?: string | null;
}

function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

export const list = (ctx: ServiceContext, f: TopicFilters, page: { cursor?: string; limit: number }) =>
  topicRepository(ctx.db, ctx.actor).list(f, page);

export async function get(ctx: ServiceContext, id: string) {
  const t = await topicRepository(ctx.db, ctx.actor).get(id);
  if (!t) throw new NotFoundError('Thesis topic');
  return t;
}

/**
 * Checks the two mentors (双导师): the campus supervisor must be an active campus mentor of this
 * university; the industry mentor any active industry mentor of the shared pool — hiring across
 * universities is the point of the pool. A supervisor-only account may name only itself.
 */
async function checkMentors(
  ctx: ServiceContext,
  actor: Actor,
  orgId: string,
  input: Partial<TopicInput>,
): Promise<void> {
  const fields: Record<string, string> = {};
  if (input.supervisorId) {
    const [s] = await ctx.db.select().from(mentors).where(eq(mentors.id, input.supervisorId));
    if (!s || s.kind !== 'campus' || s.poolOrgId !== orgId || s.state !== 'active') {
      fields.supervisorId = 'must be an active campus supervisor of this university';
    } else if (!hasRole(actor, orgId, 'org_admin', 'grad_admin') && s.userId !== actor.userId) {
      fields.supervisorId = 'supervisors can propose topics only for themselves';
    }
  }
  if (input.industryMentorId) {
    const [m] = await ctx.db.select().from(mentors).where(eq(mentors.id, input.industryMentorId));
    if (!m || m.kind !== 'industry' || m.state !== 'active')
      fields.industryMentorId = 'must be an active industry mentor of the shared pool';
  }
  if (input.challengeId) {
    const c = await challengeRepository(ctx.db, actor).get(input.challengeId);
    if (!c || ['draft', 'submitted', 'returned', 'withdrawn'].includes(c.state))
      fields.challengeId = 'must be a published challenge';
  }
  if (Object.keys(fields).length)
    throw new ValidationError('导师或来源需求无效 / Invalid mentor or source challenge', fields);
}

export async function create(ctx: ServiceContext, orgId: string, input: TopicInput) {
  const actor = requireActor(ctx.actor);
  if (
    !actor.memberships.some((m) => m.orgId === orgId && m.orgKind !== 'enterprise') ||
    !hasRole(actor, orgId, 'org_admin', 'grad_admin', 'supervisor')
  ) {
    throw new ForbiddenError('只能为本校创建选题 / You can create topics only for your own university');
  }
  await checkMentors(ctx, actor, orgId, input);
  const row = await ctx.db.transaction(async (tx) => {
    const t = await topicRepository(tx, actor).insert({ ...input, orgId, createdBy: actor.userId });
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId,
      action: 'topic.create',
      entityType: 'topic',
      entityId: t.id,
      toState: t.state,
    });
    await enqueueIndex(tx, 'topic', [t.id]);
    return t;
  });
  return get(ctx, row.id);
}

export async function update(ctx: ServiceContext, id: string, input: Partial<TopicInput>) {
  const actor = requireActor(ctx.actor);
  const t = await topicRepository(ctx.db, actor).get(id);
  if (!t) throw new NotFoundError('Thesis topic');
  if (!hasRole(actor, t.orgId, 'org_admin', 'grad_admin', 'supervisor')) throw new ForbiddenError();
  if (!['draft', 'returned'].includes(t.state))
    throw new ValidationError(`A topic in state "${t.state}" cannot be edited`, { state: t.state });
  await checkMentors(ctx, actor, t.orgId, input);
  await ctx.db.transaction(async (tx) => {
    await topicRepository(tx, actor).update(id, input);
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: t.orgId,
      action: 'topic.update',
      entityType: 'topic',
      entityId: id,
    });
    await enqueueIndex(tx, 'topic', [id]);
  });
  return get(ctx, id);
}

const REVIEW_ACTIONS: TopicAction[] = ['approve', 'return', 'open', 'allocate', 'close'];

export async function transition(
  ctx: ServiceContext,
  id: string,
  action: TopicAction,
  reason: string | undefined,
) {
  const actor = requireActor(ctx.actor);
  const rows = await ctx.db.transaction(async (tx) => {
    const repo = topicRepository(tx, actor);
    const t = await repo.getForUpdate(id);
    if (!t) throw new NotFoundError('Thesis topic');
    const allowed = REVIEW_ACTIONS.includes(action)
      ? hasRole(actor, t.orgId, 'grad_admin')
      : hasRole(actor, t.orgId, 'org_admin', 'grad_admin', 'supervisor');
    if (!allowed)
      throw new ForbiddenError(
        REVIEW_ACTIONS.includes(action)
          ? '只有本校研究生院可以审核选题 / Only this university’s graduate school can do this'
          : undefined,
      );
    const to = next(topicMachine, t.state, action);
    if (action === 'return' && !reason?.trim())
      throw new ValidationError('Say why the topic is returned', { reason: 'required when returning' });
    await repo.update(id, { state: to });
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: t.orgId,
      action: `topic.${action}`,
      entityType: 'topic',
      entityId: id,
      fromState: t.state,
      toState: to,
      reason: reason ?? '',
    });
    await enqueueIndex(tx, 'topic', [id]);
    // Alerts to matching saved searches: a durable job that commits with the transition.
    if (action === 'open') await enqueueAlert(tx, 'topic', id);
    const recipients = (await orgUserIds(tx, t.orgId, ['supervisor', 'org_admin'])).filter(
      (u) => u !== actor.userId,
    );
    return ctx.notifier.record(tx, recipients, `topic.${action}`, {
      topicId: id,
      title: t.title,
      from: t.state,
      to,
      reason: reason ?? '',
    });
  });
  ctx.notifier.deliver(rows);
  return get(ctx, id);
}
