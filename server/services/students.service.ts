import { appendAudit } from '../../db/repositories/audit.repository.ts';
import {
  replacePreferences,
  studentOfUser,
  studentRepository,
  type StudentRow,
} from '../../db/repositories/students.repository.ts';
import { topicRepository } from '../../db/repositories/topics.repository.ts';
import { maxPreferencesFor } from '../../db/repositories/allocation.repository.ts';
import { students } from '../../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { hasRole, type Actor } from '../auth/actor.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../errors.ts';
import type { ServiceContext } from './context.ts';

export type StudentInput = Omit<typeof students.$inferInsert, 'id' | 'orgId' | 'userId' | 'createdAt'>;

/** Most topics a student may rank unless the cohort's settings say otherwise. */
export const DEFAULT_MAX_PREFERENCES = 10;

function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

function requireGradAdmin(actor: Actor | null, orgId: string): Actor {
  const a = requireActor(actor);
  if (!hasRole(a, orgId, 'org_admin', 'grad_admin'))
    throw new ForbiddenError(
      '只有本校研究生院可以管理学生 / Only this university’s graduate school manages students',
    );
  return a;
}

export const list = (
  ctx: ServiceContext,
  orgId: string,
  f: { q?: string; cohort?: number },
  page: { cursor?: string; limit: number },
) => {
  requireGradAdmin(ctx.actor, orgId);
  return studentRepository(ctx.db, orgId).list(f, page);
};

/** Student numbers of this university already in use (imports report them per row before writing). */
/** The caller may add students to this university (imports ask before reading the file). */
export function requireStudentManager(ctx: ServiceContext, orgId: string): void {
  requireGradAdmin(ctx.actor, orgId);
}

export function takenNumbers(ctx: ServiceContext, orgId: string, studentNos: string[]) {
  requireGradAdmin(ctx.actor, orgId);
  return studentRepository(ctx.db, orgId).takenNumbers(studentNos);
}

export async function createMany(ctx: ServiceContext, orgId: string, inputs: StudentInput[]) {
  const actor = requireGradAdmin(ctx.actor, orgId);
  return ctx.db.transaction(async (tx) => {
    const seen = new Set<string>();
    inputs.forEach((s, i) => {
      if (seen.has(s.studentNo))
        throw new ValidationError('学号重复 / A student number appears twice in the request', {
          [`students.${i}.studentNo`]: `duplicate ${s.studentNo}`,
        });
      seen.add(s.studentNo);
    });
    const repo = studentRepository(tx, orgId);
    const taken = await repo.takenNumbers(inputs.map((s) => s.studentNo));
    if (taken.size)
      throw new ConflictError(
        'student_no_taken',
        `学号已存在 / Student number already in use: ${[...taken].slice(0, 10).join(', ')}`,
      );
    const rows = await repo.insertMany(inputs.map((s) => ({ ...s, email: s.email?.toLowerCase() ?? null })));
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId,
      action: 'student.create',
      entityType: 'organisation',
      entityId: orgId,
      data: { count: rows.length },
    });
    return rows;
  });
}

export async function me(ctx: ServiceContext): Promise<StudentRow> {
  const actor = requireActor(ctx.actor);
  const s = await studentOfUser(ctx.db, actor.userId);
  if (!s) throw new NotFoundError('Student profile');
  return s;
}

export async function updateMe(ctx: ServiceContext, input: { skills?: string[]; statement?: string }) {
  const s = await me(ctx);
  const [r] = await ctx.db.update(students).set(input).where(eq(students.id, s.id)).returning();
  return r!;
}

/** Why a student may not rank a topic, or null when eligible. */
export function ineligibility(
  s: StudentRow,
  t: { orgId: string; state: string; cohort: number; degreeType: string; disciplines: string[] },
): string | null {
  if (t.orgId !== s.orgId) return '只能选择本校选题 / topic belongs to another university';
  if (t.state !== 'open') return `选题未开放 / topic is ${t.state}, not open for selection`;
  if (t.cohort !== s.cohort) return `年级不符 / topic is for cohort ${t.cohort}, you are in ${s.cohort}`;
  if (t.degreeType !== s.degreeType) return `学位类型不符 / topic is for ${t.degreeType} degrees`;
  // Same 门类 (first two digits of the 2022 catalogue code) or an exact discipline match.
  const ok =
    t.disciplines.length === 0 ||
    t.disciplines.some((d) => d === s.discipline || d.slice(0, 2) === s.discipline.slice(0, 2));
  if (!ok) return `学科不符 / topic disciplines ${t.disciplines.join(', ')} do not include ${s.discipline}`;
  return null;
}

export async function preferencesOf(ctx: ServiceContext, studentId: string | 'me') {
  const actor = requireActor(ctx.actor);
  let s: StudentRow | undefined;
  if (studentId === 'me') s = await me(ctx);
  else {
    s = await ctx.db
      .select()
      .from(students)
      .where(eq(students.id, studentId))
      .then((r) => r[0]);
    // Only the student and their graduate school may read a ranking.
    if (!s || (s.userId !== actor.userId && !hasRole(actor, s.orgId, 'grad_admin', 'org_admin')))
      throw new NotFoundError('Student');
  }
  const prefs = await studentRepository(ctx.db, s.orgId).preferences(s.id);
  const topics = await topicRepository(ctx.db, actor).getMany(prefs.map((p) => p.topicId));
  const byId = new Map(topics.map((t) => [t.id, t]));
  return {
    studentId: s.id,
    maxPreferences: await maxPreferencesFor(ctx.db, s.orgId, s.cohort, DEFAULT_MAX_PREFERENCES),
    items: prefs.map((p) => ({
      rank: p.rank,
      topicId: p.topicId,
      title: byId.get(p.topicId)?.title ?? '',
      state: byId.get(p.topicId)?.state ?? 'closed',
    })),
  };
}

/** A student replaces their whole ranking (first = most wanted); each refused topic is named. */
export async function setMyPreferences(ctx: ServiceContext, topicIds: string[]) {
  const actor = requireActor(ctx.actor);
  const s = await me(ctx);
  if (new Set(topicIds).size !== topicIds.length)
    throw new ValidationError('同一选题只能填报一次 / Each topic may appear once', {
      topicIds: 'duplicate topic',
    });
  const max = await maxPreferencesFor(ctx.db, s.orgId, s.cohort, DEFAULT_MAX_PREFERENCES);
  if (topicIds.length > max) {
    throw new ValidationError(`最多填报 ${max} 个志愿 / At most ${max} choices`, {
      topicIds: `at most ${max}`,
    });
  }
  const topics = await topicRepository(ctx.db, actor).getMany(topicIds);
  const byId = new Map(topics.map((t) => [t.id, t]));
  const fields: Record<string, string> = {};
  topicIds.forEach((id, i) => {
    const t = byId.get(id);
    const why = t ? ineligibility(s, t) : '选题不存在 / topic not found';
    if (why) fields[`topicIds.${i}`] = why;
  });
  if (Object.keys(fields).length)
    throw new ValidationError('部分志愿不符合条件 / Some choices are not eligible', fields);
  await ctx.db.transaction(async (tx) => {
    await replacePreferences(tx, s.id, topicIds);
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: s.orgId,
      action: 'student.preferences',
      entityType: 'student',
      entityId: s.id,
      data: { topicIds },
    });
  });
  return preferencesOf(ctx, 'me');
}
