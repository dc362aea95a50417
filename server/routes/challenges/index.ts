import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ChallengeView } from '../../../db/repositories/challenges.repository.ts';
import * as challenges from '../../services/challenges.service.ts';
import {
  collectPages,
  contentTypes,
  renderExport,
  type ExportColumn,
} from '../../services/export.service.ts';
import { errors, IdParams, Page } from '../common.ts';
import { serviceContext } from '../context.ts';
import {
  Challenge,
  ChallengeCreate,
  ChallengeListQuery,
  ChallengeUpdate,
  TransitionBody,
} from './schemas.ts';

const exportColumns: ExportColumn<ChallengeView>[] = [
  { header: '编号 id', value: (c) => c.id },
  { header: '标题 title', value: (c) => c.title },
  { header: '企业 enterprise', value: (c) => c.orgName },
  { header: '摘要 summary', value: (c) => c.summary },
  // Confidential text is already null in the view for callers without NDA access.
  { header: '背景 background', value: (c) => c.background ?? '（保密 / confidential）' },
  { header: '目标 goals', value: (c) => c.goals ?? '（保密 / confidential）' },
  { header: '类型 kind', value: (c) => c.kind },
  { header: '学科 disciplines', value: (c) => c.disciplines.join(';') },
  { header: '技能 skills', value: (c) => c.skills.join(';') },
  { header: '地区 region', value: (c) => c.region },
  { header: '名额 seats', value: (c) => c.seats },
  { header: '预算(万元) budget', value: (c) => c.budgetWan },
  { header: '保密 confidentiality', value: (c) => c.confidentiality },
  { header: '状态 state', value: (c) => c.state },
  { header: '申请截止 apply by', value: (c) => c.applyBy },
];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['challenges'];

  app.get(
    '/',
    { schema: { tags, querystring: ChallengeListQuery, response: { 200: Page(Challenge), ...errors } } },
    async (req) => {
      const { cursor, limit = 20, sort = 'created_desc', ...filters } = req.query;
      return challenges.list(serviceContext(req), filters, { cursor, limit, sort });
    },
  );

  app.get(
    '/export',
    {
      schema: {
        tags,
        description: 'Export the filtered list (same visibility and redaction as the list).',
        querystring: Type.Intersect([
          Type.Omit(ChallengeListQuery, ['cursor', 'limit']),
          Type.Object({ format: Type.Enum(['csv', 'xlsx'], { default: 'csv' }) }),
        ]),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      const {
        format = 'csv',
        sort = 'created_desc',
        ...filters
      } = req.query as typeof req.query & { format?: 'csv' | 'xlsx' };
      const ctx = serviceContext(req);
      const rows = await collectPages((cursor) =>
        challenges.list(ctx, filters, { cursor, limit: 100, sort }),
      );
      const body = await renderExport(rows, exportColumns, format);
      return reply
        .header('content-type', contentTypes[format])
        .header('content-disposition', `attachment; filename="challenges.${format}"`)
        .send(body);
    },
  );

  app.get(
    '/:id',
    { schema: { tags, params: IdParams, response: { 200: Challenge, ...errors } } },
    async (req) => challenges.get(serviceContext(req), req.params.id),
  );

  app.post(
    '/',
    { schema: { tags, body: ChallengeCreate, response: { 201: Challenge, ...errors } } },
    async (req, reply) => {
      const { orgId, ...input } = req.body;
      return reply.status(201).send(await challenges.create(serviceContext(req), orgId, input));
    },
  );

  app.patch(
    '/:id',
    { schema: { tags, params: IdParams, body: ChallengeUpdate, response: { 200: Challenge, ...errors } } },
    async (req) => challenges.update(serviceContext(req), req.params.id, req.body),
  );

  app.post(
    '/:id/transitions',
    { schema: { tags, params: IdParams, body: TransitionBody, response: { 200: Challenge, ...errors } } },
    async (req) =>
      challenges.transition(
        serviceContext(req),
        req.params.id,
        req.body.action,
        req.body.reason,
        req.body.grade,
      ),
  );

  app.post(
    '/:id/nda',
    {
      schema: {
        tags,
        description:
          'Accept the challenge’s non-disclosure agreement (recorded and audited) to read its full text.',
        params: IdParams,
        response: { 200: Challenge, ...errors },
      },
    },
    async (req) => challenges.acceptNda(serviceContext(req), req.params.id),
  );
};

export default routes;
