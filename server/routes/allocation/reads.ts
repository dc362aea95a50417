/**
 * Read-only companions of the allocation routes that the graduate school's pages need: the pairs
 * locked right now (a run's outcome only says whether a pair was locked when that run started)
 * and a cohort's preference limit (PUT /settings writes it). Same authorisation as the rest of
 * the allocation API: the graduate-school admin of that university.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, asc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Db } from '../../../db/client.ts';
import { maxPreferencesFor } from '../../../db/repositories/allocation.repository.ts';
import { allocationLocks, students, thesisTopics } from '../../../db/schema/index.ts';
import { hasRole, type Actor } from '../../auth/actor.ts';
import { ForbiddenError, UnauthenticatedError } from '../../errors.ts';
import { DEFAULT_MAX_PREFERENCES } from '../../services/students.service.ts';
import { errors, Timestamp, Uuid } from '../common.ts';

const Cohort = Type.Integer({ minimum: 2000, maximum: 2100 });

function requireGradAdmin(actor: Actor | null, orgId: string): void {
  if (!actor) throw new UnauthenticatedError();
  if (!hasRole(actor, orgId, 'grad_admin'))
    throw new ForbiddenError(
      '只有本校研究生院可以查看分配设置 / Only this university’s graduate school sees allocation settings',
    );
}

/** Current locks of a university's students (of one cohort when given), by student number. */
export function locksOf(db: Db, orgId: string, cohort?: number) {
  return db
    .select({
      studentId: allocationLocks.studentId,
      studentNo: students.studentNo,
      studentName: students.name,
      topicId: allocationLocks.topicId,
      topicTitle: thesisTopics.title,
      createdAt: allocationLocks.createdAt,
    })
    .from(allocationLocks)
    .innerJoin(students, eq(students.id, allocationLocks.studentId))
    .innerJoin(thesisTopics, eq(thesisTopics.id, allocationLocks.topicId))
    .where(and(eq(students.orgId, orgId), cohort ? eq(students.cohort, cohort) : undefined))
    .orderBy(asc(students.studentNo));
}

const reads: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['allocation'];
  const db = () => app.deps.database.db;

  app.get(
    '/locks',
    {
      schema: {
        tags,
        description:
          'Pairs locked now (kept by every later run), for one university and optionally a cohort.',
        querystring: Type.Object(
          { orgId: Uuid, cohort: Type.Optional(Cohort) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                studentId: Uuid,
                studentNo: Type.String(),
                studentName: Type.String(),
                topicId: Uuid,
                topicTitle: Type.String(),
                createdAt: Timestamp,
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requireGradAdmin(req.actor, req.query.orgId);
      return { items: await locksOf(db(), req.query.orgId, req.query.cohort) };
    },
  );

  app.get(
    '/settings',
    {
      schema: {
        tags,
        description: 'A cohort’s allocation settings (how many topics a student may rank).',
        querystring: Type.Object({ orgId: Uuid, cohort: Cohort }, { additionalProperties: false }),
        response: {
          200: Type.Object({ orgId: Uuid, cohort: Type.Integer(), maxPreferences: Type.Integer() }),
          ...errors,
        },
      },
    },
    async (req) => {
      const { orgId, cohort } = req.query;
      requireGradAdmin(req.actor, orgId);
      return {
        orgId,
        cohort,
        maxPreferences: await maxPreferencesFor(db(), orgId, cohort, DEFAULT_MAX_PREFERENCES),
      };
    },
  );
};

export default reads;
