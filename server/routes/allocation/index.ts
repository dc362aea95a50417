import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import * as allocation from '../../services/allocation.service.ts';
import { contentTypes, renderExport } from '../../services/export.service.ts';
import { errors, IdParams, Page, PageQuery, Timestamp, Uuid } from '../common.ts';
import { serviceContext } from '../context.ts';
import reads from './reads.ts';

const Cohort = Type.Integer({ minimum: 2000, maximum: 2100 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Run = Type.Object({
  id: Uuid,
  orgId: Uuid,
  cohort: Type.Integer(),
  mode: Type.Enum(['stable', 'optimal']),
  options: Type.Record(Type.String(), Type.Unknown()),
  seed: Type.Integer(),
  state: Type.Enum(['queued', 'running', 'succeeded', 'failed', 'published', 'superseded']),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  summary: Nullable(Type.Record(Type.String(), Type.Unknown())),
  error: Nullable(Type.String()),
  createdBy: Uuid,
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
  publishedAt: Nullable(Timestamp),
  publishedBy: Nullable(Uuid),
});
const Outcome = Type.Object({
  studentId: Uuid,
  studentName: Type.String(),
  studentNo: Type.String(),
  topicId: Nullable(Uuid),
  topicTitle: Nullable(Type.String()),
  supervisorId: Nullable(Type.String()),
  mentorId: Nullable(Type.String()),
  rank: Nullable(Type.Integer()),
  locked: Type.Boolean(),
  reason: Type.String(),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['allocation'];
  const { jobs, search } = app.deps;
  await app.register(reads);

  app.post(
    '/runs',
    {
      schema: {
        tags,
        description: 'Start an allocation run for a cohort (a background job; what-if until published).',
        body: Type.Object(
          {
            orgId: Uuid,
            cohort: Cohort,
            mode: Type.Enum(['stable', 'optimal']),
            seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
            weights: Type.Optional(
              Type.Object(
                {
                  rank: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
                  affinity: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
                },
                { additionalProperties: false },
              ),
            ),
            fairness: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 202: Run, ...errors },
      },
    },
    async (req, reply) => {
      const { input: _input, ...run } = await allocation.createRun(
        serviceContext(req),
        req.body,
        search.embedder,
        () => jobs.allocation.kick(),
      );
      return reply.status(202).send(run);
    },
  );

  app.get(
    '/runs',
    {
      schema: {
        tags,
        description: 'A university’s runs, newest first, in cursor pages.',
        querystring: Type.Object(
          { orgId: Uuid, cohort: Type.Optional(Cohort), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Page(Run), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit = 20, ...filters } = req.query;
      return allocation.listRuns(serviceContext(req), filters, { cursor, limit });
    },
  );

  app.get(
    '/runs/:id',
    { schema: { tags, params: IdParams, response: { 200: Run, ...errors } } },
    async (req) => allocation.getRun(serviceContext(req), req.params.id),
  );

  app.get(
    '/runs/:id/outcomes',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object(
          {
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Outcome) }), ...errors },
      },
    },
    async (req) => ({
      items: await allocation.outcomes(serviceContext(req), req.params.id, {
        offset: req.query.offset ?? 0,
        limit: req.query.limit ?? 100,
      }),
    }),
  );

  app.get(
    '/runs/:id/export',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object(
          { format: Type.Enum(['csv', 'xlsx'], { default: 'csv' }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'csv';
      const rows = await allocation.outcomes(serviceContext(req), req.params.id, {
        offset: 0,
        limit: 100_000,
      });
      const body = await renderExport(
        rows,
        [
          { header: '学号 student no', value: (r) => r.studentNo },
          { header: '姓名 name', value: (r) => r.studentName },
          { header: '选题 topic', value: (r) => r.topicTitle ?? '（未分配 / unmatched）' },
          { header: '志愿序 rank', value: (r) => r.rank },
          { header: '锁定 locked', value: (r) => (r.locked ? '是' : '否') },
          { header: '说明 reason', value: (r) => r.reason },
        ],
        format,
      );
      return reply
        .header('content-type', contentTypes[format])
        .header('content-disposition', `attachment; filename="allocation-${req.params.id}.${format}"`)
        .send(body);
    },
  );

  app.post(
    '/runs/:id/publish',
    { schema: { tags, params: IdParams, response: { 200: Run, ...errors } } },
    async (req) => allocation.publish(serviceContext(req), req.params.id),
  );

  app.put(
    '/locks',
    {
      schema: {
        tags,
        description: 'Lock a student to a topic: every later run keeps the pair.',
        body: Type.Object({ studentId: Uuid, topicId: Uuid }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await allocation.lock(serviceContext(req), req.body.studentId, req.body.topicId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/locks/:studentId',
    { schema: { tags, params: Type.Object({ studentId: Uuid }), response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await allocation.unlock(serviceContext(req), req.params.studentId);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/settings',
    {
      schema: {
        tags,
        body: Type.Object(
          { orgId: Uuid, cohort: Cohort, maxPreferences: Type.Integer({ minimum: 1, maximum: 30 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await allocation.settings(
        serviceContext(req),
        req.body.orgId,
        req.body.cohort,
        req.body.maxPreferences,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags,
        description:
          'The calling student’s published allocation: topic, campus supervisor, industry mentor and the reason.',
        response: {
          200: Type.Object({
            published: Type.Boolean(),
            runId: Type.Optional(Uuid),
            publishedAt: Type.Optional(Nullable(Timestamp)),
            status: Type.Optional(Type.Enum(['assigned', 'unmatched'])),
            topicId: Type.Optional(Nullable(Uuid)),
            topicTitle: Type.Optional(Nullable(Type.String())),
            rank: Type.Optional(Nullable(Type.Integer())),
            supervisorName: Type.Optional(Nullable(Type.String())),
            industryMentorName: Type.Optional(Nullable(Type.String())),
            reason: Type.Optional(Type.String()),
          }),
          ...errors,
        },
      },
    },
    async (req) => allocation.myResult(serviceContext(req)),
  );
};

export default routes;
