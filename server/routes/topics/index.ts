import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { degreeTypes, topicStates } from '../../../db/schema/enums.ts';
import * as topics from '../../services/topics.service.ts';
import { collectPages, contentTypes, renderExport } from '../../services/export.service.ts';
import { errors, IdParams, NonEmpty, Page, PageQuery, Tags, Timestamp, Uuid } from '../common.ts';
import { serviceContext } from '../context.ts';

const fields = {
  title: NonEmpty(200),
  description: Type.String({ minLength: 1, maxLength: 20000 }),
  disciplines: Type.Optional(Tags(10)),
  degreeType: Type.Optional(Type.Enum([...degreeTypes])),
  cohort: Type.Integer({ minimum: 2000, maximum: 2100 }),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  supervisorId: Uuid,
  industryMentorId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  challengeId: Type.Optional(Type.Union([Uuid, Type.Null()])),
};
const TopicCreate = Type.Object({ ...fields, orgId: Uuid }, { additionalProperties: false });
const TopicUpdate = Type.Partial(Type.Object(fields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
export const Topic = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  challengeId: Type.Union([Uuid, Type.Null()]),
  title: Type.String(),
  description: Type.String(),
  disciplines: Type.Array(Type.String()),
  degreeType: Type.Enum([...degreeTypes]),
  cohort: Type.Integer(),
  capacity: Type.Integer(),
  supervisorId: Uuid,
  supervisorName: Type.String(),
  industryMentorId: Type.Union([Uuid, Type.Null()]),
  industryMentorName: Type.Union([Type.String(), Type.Null()]),
  state: Type.Enum([...topicStates]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const TopicListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 100 })),
    orgId: Type.Optional(Uuid),
    state: Type.Optional(Type.Array(Type.Enum([...topicStates]), { maxItems: 8 })),
    discipline: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 20 })),
    cohort: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    fromIndustry: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['thesis topics'];
  app.get(
    '/',
    { schema: { tags, querystring: TopicListQuery, response: { 200: Page(Topic), ...errors } } },
    async (req) => {
      const { cursor, limit = 20, ...f } = req.query;
      return topics.list(serviceContext(req), f, { cursor, limit });
    },
  );
  app.get(
    '/export',
    {
      schema: {
        tags,
        querystring: Type.Intersect([
          Type.Omit(TopicListQuery, ['cursor', 'limit']),
          Type.Object({ format: Type.Enum(['csv', 'xlsx'], { default: 'csv' }) }),
        ]),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      const { format = 'csv', ...f } = req.query as typeof req.query & { format?: 'csv' | 'xlsx' };
      const ctx = serviceContext(req);
      const rows = await collectPages((cursor) => topics.list(ctx, f, { cursor, limit: 100 }));
      const body = await renderExport(
        rows,
        [
          { header: '编号 id', value: (t) => t.id },
          { header: '选题 title', value: (t) => t.title },
          { header: '高校 university', value: (t) => t.orgName },
          { header: '校内导师 supervisor', value: (t) => t.supervisorName },
          { header: '产业导师 industry mentor', value: (t) => t.industryMentorName },
          { header: '来自企业需求 from industry', value: (t) => (t.challengeId ? '是' : '否') },
          { header: '学科 disciplines', value: (t) => t.disciplines.join(';') },
          { header: '年级 cohort', value: (t) => t.cohort },
          { header: '名额 capacity', value: (t) => t.capacity },
          { header: '状态 state', value: (t) => t.state },
        ],
        format,
      );
      return reply
        .header('content-type', contentTypes[format])
        .header('content-disposition', `attachment; filename="topics.${format}"`)
        .send(body);
    },
  );
  app.get('/:id', { schema: { tags, params: IdParams, response: { 200: Topic, ...errors } } }, async (req) =>
    topics.get(serviceContext(req), req.params.id),
  );
  app.post(
    '/',
    { schema: { tags, body: TopicCreate, response: { 201: Topic, ...errors } } },
    async (req, reply) => {
      const { orgId, ...input } = req.body;
      return reply.status(201).send(await topics.create(serviceContext(req), orgId, input));
    },
  );
  app.patch(
    '/:id',
    { schema: { tags, params: IdParams, body: TopicUpdate, response: { 200: Topic, ...errors } } },
    async (req) => topics.update(serviceContext(req), req.params.id, req.body),
  );
  app.post(
    '/:id/transitions',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          {
            action: Type.Enum(['propose', 'approve', 'return', 'open', 'allocate', 'close', 'withdraw']),
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Topic, ...errors },
      },
    },
    async (req) => topics.transition(serviceContext(req), req.params.id, req.body.action, req.body.reason),
  );
};

export default routes;
