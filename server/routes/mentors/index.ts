import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import * as mentors from '../../services/mentors.service.ts';
import { collectPages, contentTypes, renderExport } from '../../services/export.service.ts';
import { errors, IdParams, Page, Uuid } from '../common.ts';
import { serviceContext } from '../context.ts';
import {
  Mentor,
  MentorApply,
  MentorCreate,
  MentorListQuery,
  MentorSummary,
  MentorUpdate,
  MyMentorRecords,
  MyStudent,
  MyStudentsQuery,
  PoolTransition,
  PublicationInput,
} from './schemas.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['mentor pool'];

  app.get(
    '/',
    { schema: { tags, querystring: MentorListQuery, response: { 200: Page(MentorSummary), ...errors } } },
    async (req) => {
      const { cursor, limit = 20, ...f } = req.query;
      return mentors.list(serviceContext(req), f, { cursor, limit });
    },
  );

  app.get(
    '/export',
    {
      schema: {
        tags,
        querystring: Type.Intersect([
          Type.Omit(MentorListQuery, ['cursor', 'limit']),
          Type.Object({ format: Type.Enum(['csv', 'xlsx'], { default: 'csv' }) }),
        ]),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      const { format = 'csv', ...f } = req.query as typeof req.query & { format?: 'csv' | 'xlsx' };
      const ctx = serviceContext(req);
      const rows = await collectPages((cursor) => mentors.list(ctx, f, { cursor, limit: 100 }));
      const body = await renderExport(
        rows,
        [
          { header: '编号 id', value: (m) => m.id },
          { header: '姓名 name', value: (m) => m.name },
          { header: '类型 kind', value: (m) => m.kind },
          { header: '职称 title', value: (m) => m.title },
          { header: '所在单位 home organisation', value: (m) => m.homeOrgName },
          { header: '导师库 pool', value: (m) => m.poolOrgName },
          { header: '学科 disciplines', value: (m) => m.disciplines.join(';') },
          { header: '研究方向 interests', value: (m) => m.interests },
          { header: '容量 capacity', value: (m) => m.capacity },
          { header: '在带 load', value: (m) => m.load },
          { header: '状态 state', value: (m) => m.state },
          { header: '邮箱 email', value: (m) => m.email },
        ],
        format,
      );
      return reply
        .header('content-type', contentTypes[format])
        .header('content-disposition', `attachment; filename="mentors.${format}"`)
        .send(body);
    },
  );

  // Literal paths, registered before /:id (the router prefers static segments anyway).
  app.get(
    '/me',
    {
      schema: {
        tags,
        description:
          'My own pool records: one per university pool I belong to, campus or industry; an empty list if I am in none.',
        response: { 200: MyMentorRecords, ...errors },
      },
    },
    async (req) => ({ items: await mentors.mine(serviceContext(req)) }),
  );

  app.get(
    '/me/students',
    {
      schema: {
        tags,
        description:
          'Students allocated to me in published allocation runs, as campus supervisor or industry mentor; newest publication first.',
        querystring: MyStudentsQuery,
        response: { 200: Page(MyStudent), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit = 20 } = req.query;
      return mentors.myStudents(serviceContext(req), { cursor, limit });
    },
  );

  app.get('/:id', { schema: { tags, params: IdParams, response: { 200: Mentor, ...errors } } }, async (req) =>
    mentors.get(serviceContext(req), req.params.id),
  );

  app.post(
    '/',
    { schema: { tags, body: MentorCreate, response: { 201: Mentor, ...errors } } },
    async (req, reply) => {
      const { poolOrgId, ...input } = req.body;
      const ctx = serviceContext(req);
      const [id] = await mentors.createMany(ctx, poolOrgId, [input]);
      return reply.status(201).send(await mentors.get(ctx, id!));
    },
  );

  app.post(
    '/apply',
    {
      schema: {
        tags,
        description: 'An industry mentor applies to a university’s pool.',
        body: MentorApply,
        response: { 201: Mentor, ...errors },
      },
    },
    async (req, reply) => {
      const { poolOrgId, ...input } = req.body;
      return reply.status(201).send(await mentors.apply(serviceContext(req), poolOrgId, input));
    },
  );

  app.patch(
    '/:id',
    { schema: { tags, params: IdParams, body: MentorUpdate, response: { 200: Mentor, ...errors } } },
    async (req) => mentors.updateProfile(serviceContext(req), req.params.id, req.body),
  );

  app.post(
    '/:id/transitions',
    { schema: { tags, params: IdParams, body: PoolTransition, response: { 200: Mentor, ...errors } } },
    async (req) => mentors.transition(serviceContext(req), req.params.id, req.body.action, req.body.reason),
  );

  app.post(
    '/:id/publications',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          { publications: Type.Array(PublicationInput, { minItems: 1, maxItems: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Mentor, ...errors },
      },
    },
    async (req) => mentors.addPublications(serviceContext(req), req.params.id, req.body.publications),
  );

  app.delete(
    '/:id/publications/:pubId',
    {
      schema: {
        tags,
        params: Type.Object({ id: Uuid, pubId: Uuid }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await mentors.deletePublication(serviceContext(req), req.params.id, req.params.pubId);
      return reply.status(204).send(null);
    },
  );
};

export default routes;
