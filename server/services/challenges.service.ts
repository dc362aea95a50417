import { eq } from 'drizzle-orm';
import { appendAudit } from '../../db/repositories/audit.repository.ts';
import {
  challengeRepository,
  type ChallengeFilters,
  type ChallengeInsert,
  type ChallengeRow,
} from '../../db/repositories/challenges.repository.ts';
import { orgUserIds } from '../../db/repositories/notifications.repository.ts';
import { enqueueIndex } from '../../db/repositories/outbox.repository.ts';
import { outcomeGrades, proposals } from '../../db/schema/index.ts';
import { hasRole, isReviewer, orgsWithRole, type Actor } from '../auth/actor.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../errors.ts';
import type { ServiceContext } from './context.ts';
import { next } from './state-machine.ts';
import { challengeMachine, type ChallengeAction } from './workflows.ts';
import { enqueueAlert } from './alerts.service.ts';

export type ChallengeInput = Omit<
  ChallengeInsert,
  'id' | 'orgId' | 'state' | 'createdBy' | 'createdAt' | 'updatedAt'
>;

const EDITABLE_STATES: ChallengeRow['state'][] = ['draft', 'returned'];

function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

function canManage(actor: Actor, orgId: string): boolean {
  return hasRole(actor, orgId, 'org_admin', 'enterprise_member');
}

/** Applications close no later than delivery is due; bulk import reports this per row. */
export function datesInOrder(input: Pick<Partial<ChallengeInput>, 'applyBy' | 'deliverBy'>): boolean {
  return !(input.applyBy && input.deliverBy && input.applyBy > input.deliverBy);
}

export const DATES_OUT_OF_ORDER = '申请截止日期应早于交付日期 / applyBy must not be after deliverBy';

function checkDates(input: Partial<ChallengeInput>): void {
  if (!datesInOrder(input))
    throw new ValidationError(DATES_OUT_OF_ORDER, { deliverBy: 'must be on or after applyBy' });
}

export function list(
  ctx: ServiceContext,
  filters: ChallengeFilters,
  page: Parameters<ReturnType<typeof challengeRepository>['list']>[1],
) {
  return challengeRepository(ctx.db, ctx.actor).list(filters, page);
}

export async function get(ctx: ServiceContext, id: string) {
  const c = await challengeRepository(ctx.db, ctx.actor).get(id);
  if (!c) throw new NotFoundError('Challenge');
  return c;
}

/** The enterprise the caller may post for: the named one, or their only enterprise. */
/** The enterprise the caller posts for (named, or their only one); refuses anyone else. */
export function requirePostingOrg(ctx: ServiceContext, orgId: string | undefined): string {
  return postingOrg(requireActor(ctx.actor), orgId);
}

function postingOrg(actor: Actor, orgId: string | undefined): string {
  const orgs = orgsWithRole(actor, 'org_admin', 'enterprise_member').filter((o) =>
    actor.memberships.some((m) => m.orgId === o && m.orgKind === 'enterprise'),
  );
  const target = orgId ?? (orgs.length === 1 ? orgs[0] : undefined);
  if (!target) {
    throw orgs.length === 0
      ? new ForbiddenError('只有企业成员可以发布需求 / Only enterprise members can post challenges')
      : new ValidationError('You belong to several enterprises: say which one', { orgId: 'required' });
  }
  if (!orgs.includes(target))
    throw new ForbiddenError('不能代表其他企业发布需求 / You cannot post for another enterprise');
  return target;
}

/** Creates drafts in one transaction: all or none (used by the API and by bulk import). */
export async function createMany(
  ctx: ServiceContext,
  orgId: string | undefined,
  inputs: ChallengeInput[],
): Promise<string[]> {
  const actor = requireActor(ctx.actor);
  const target = postingOrg(actor, orgId);
  inputs.forEach(checkDates);
  return ctx.db.transaction(async (tx) => {
    const repo = challengeRepository(tx, actor);
    const ids: string[] = [];
    for (const input of inputs) {
      const c = await repo.insert({ ...input, orgId: target, createdBy: actor.userId });
      await appendAudit(tx, {
        actorId: actor.userId,
        orgId: target,
        action: 'challenge.create',
        entityType: 'challenge',
        entityId: c.id,
        toState: c.state,
      });
      ids.push(c.id);
    }
    await enqueueIndex(tx, 'challenge', ids);
    return ids;
  });
}

export async function create(ctx: ServiceContext, orgId: string | undefined, input: ChallengeInput) {
  const [id] = await createMany(ctx, orgId, [input]);
  return get(ctx, id!);
}

export async function update(ctx: ServiceContext, id: string, input: Partial<ChallengeInput>) {
  const actor = requireActor(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const repo = challengeRepository(tx, actor);
    const c = await repo.getForUpdate(id);
    if (!c) throw new NotFoundError('Challenge');
    if (!canManage(actor, c.orgId))
      throw new ForbiddenError('只能编辑本企业的需求 / You can edit only your own challenges');
    if (!EDITABLE_STATES.includes(c.state)) {
      throw new ConflictError(
        'not_editable',
        `A challenge in state "${c.state}" cannot be edited; withdraw it or ask the reviewer to return it`,
      );
    }
    checkDates({ applyBy: input.applyBy ?? c.applyBy, deliverBy: input.deliverBy ?? c.deliverBy });
    await repo.update(id, input);
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: c.orgId,
      action: 'challenge.update',
      entityType: 'challenge',
      entityId: id,
      data: { fields: Object.keys(input) },
    });
    await enqueueIndex(tx, 'challenge', [id]);
  });
  return get(ctx, id);
}

/** Who may take each action: the owner enterprise, a graduate-school reviewer, or the delivering team. */
function authorise(actor: Actor, c: ChallengeRow, action: ChallengeAction, deliveringOrgs: string[]): void {
  switch (action) {
    case 'publish':
    case 'return':
      if (!isReviewer(actor))
        throw new ForbiddenError('只有研究生院审核人员可以审核 / Only graduate-school reviewers can review');
      return;
    case 'deliver':
      if (
        !canManage(actor, c.orgId) &&
        !deliveringOrgs.some((o) => hasRole(actor, o, 'org_admin', 'grad_admin', 'supervisor'))
      ) {
        throw new ForbiddenError('Only the enterprise or the awarded university team can mark delivery');
      }
      return;
    case 'submit':
    case 'open_matching':
    case 'award':
    case 'start':
    case 'grade':
    case 'close':
    case 'withdraw':
      if (!canManage(actor, c.orgId))
        throw new ForbiddenError('只能操作本企业的需求 / Only the posting enterprise can do this');
      return;
  }
}

export interface GradeInput {
  proposalId: string;
  score: number;
  comment?: string;
}

export async function transition(
  ctx: ServiceContext,
  id: string,
  action: ChallengeAction,
  reason: string | undefined,
  grade?: GradeInput,
) {
  const actor = requireActor(ctx.actor);
  const delivered = await ctx.db.transaction(async (tx) => {
    const repo = challengeRepository(tx, actor);
    const c = await repo.getForUpdate(id);
    if (!c) throw new NotFoundError('Challenge');
    const accepted = await tx
      .select({ id: proposals.id, orgId: proposals.orgId, state: proposals.state })
      .from(proposals)
      .where(eq(proposals.challengeId, id));
    const acceptedOrgs = accepted.filter((p) => p.state === 'accepted').map((p) => p.orgId);
    authorise(actor, c, action, acceptedOrgs);
    const to = next(challengeMachine, c.state, action);
    if (action === 'return' && !reason?.trim()) {
      throw new ValidationError('退回时请说明原因 / Say why the challenge is returned', {
        reason: 'required when returning',
      });
    }
    if (action === 'grade') {
      if (!grade) throw new ValidationError('Grading needs a grade', { grade: 'required for action grade' });
      const p = accepted.find((x) => x.id === grade.proposalId);
      if (!p || p.state !== 'accepted') {
        throw new ValidationError('Grade an accepted proposal of this challenge', {
          'grade.proposalId': 'not an accepted proposal of this challenge',
        });
      }
      await tx.insert(outcomeGrades).values({
        challengeId: id,
        proposalId: p.id,
        score: grade.score,
        comment: grade.comment ?? '',
        gradedBy: actor.userId,
      });
    }
    await repo.update(id, { state: to });
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: c.orgId,
      action: `challenge.${action}`,
      entityType: 'challenge',
      entityId: id,
      fromState: c.state,
      toState: to,
      reason: reason ?? '',
      ...(grade ? { data: { score: grade.score, proposalId: grade.proposalId } } : {}),
    });
    await enqueueIndex(tx, 'challenge', [id]);
    // Alerts to fitting mentors and saved searches: a durable job that commits with the transition.
    if (action === 'publish') await enqueueAlert(tx, 'challenge', id);
    // Tell the enterprise about review outcomes and the delivering teams about progress.
    const recipients = new Set(await orgUserIds(tx, c.orgId));
    for (const o of acceptedOrgs) for (const u of await orgUserIds(tx, o)) recipients.add(u);
    recipients.delete(actor.userId);
    return ctx.notifier.record(tx, [...recipients], `challenge.${action}`, {
      challengeId: id,
      title: c.title,
      from: c.state,
      to,
      reason: reason ?? '',
    });
  });
  ctx.notifier.deliver(delivered);
  return get(ctx, id);
}

export async function acceptNda(ctx: ServiceContext, id: string) {
  const actor = requireActor(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const repo = challengeRepository(tx, actor);
    const c = await repo.get(id);
    if (!c) throw new NotFoundError('Challenge');
    if (c.confidentiality !== 'nda')
      throw new ConflictError('not_confidential', 'This challenge is public: no NDA to accept');
    if (await repo.acceptNda(id, actor.userId)) {
      await appendAudit(tx, {
        actorId: actor.userId,
        orgId: c.orgId,
        action: 'challenge.nda_accept',
        entityType: 'challenge',
        entityId: id,
      });
    }
  });
  return get(ctx, id);
}
