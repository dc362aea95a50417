import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contentTypes, renderExport } from '../../services/export.service.ts';
import { kpis } from '../../services/kpi.service.ts';
import { errors, Uuid } from '../common.ts';

const Measure = Type.Object({ value: Type.Number(), numerator: Type.Integer(), denominator: Type.Integer() });
const Kpis = Type.Object({
  targets: Type.Object({
    topicsFromIndustry: Type.Number(),
    studentsInIndustryProjects: Type.Number(),
    disciplineIndustryFit: Type.Number(),
    industryMentorsInPool: Type.Integer(),
  }),
  overall: Type.Object({
    topicsFromIndustry: Measure,
    studentsInIndustryProjects: Measure,
    disciplineIndustryFit: Measure,
    industryMentorsInPool: Measure,
  }),
  byUniversity: Type.Array(
    Type.Object({
      orgId: Uuid,
      name: Type.String(),
      topics: Type.Integer(),
      topicsFromIndustry: Type.Number(),
      students: Type.Integer(),
      studentsInIndustryProjects: Type.Number(),
      industryMentors: Type.Integer(),
    }),
  ),
  trend: Type.Array(
    Type.Object({
      month: Type.String(),
      industryMentorsAdmitted: Type.Integer(),
      topics: Type.Integer(),
      topicsFromIndustry: Type.Integer(),
    }),
  ),
});

/** Aggregates only: no row-level data, so the dashboard is public like the policy it serves. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database;
  const tags = ['kpis'];
  const Query = Type.Object({ orgId: Type.Optional(Uuid) }, { additionalProperties: false });
  app.get(
    '/',
    {
      schema: {
        tags,
        description: 'Policy KPIs against their targets, by university, with a 12-month trend.',
        querystring: Query,
        response: { 200: Kpis, ...errors },
      },
    },
    async (req) => kpis(db, req.query),
  );
  app.get(
    '/export',
    {
      schema: {
        tags,
        querystring: Type.Object(
          { orgId: Type.Optional(Uuid), format: Type.Enum(['csv', 'xlsx'], { default: 'csv' }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'csv';
      const k = await kpis(db, req.query.orgId ? { orgId: req.query.orgId } : {});
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      const body = await renderExport(
        k.byUniversity,
        [
          { header: '高校 university', value: (u) => u.name },
          { header: '选题数 topics', value: (u) => u.topics },
          { header: '企业来源选题占比 topics from industry', value: (u) => pct(u.topicsFromIndustry) },
          { header: '学生数 students', value: (u) => u.students },
          {
            header: '参与产业项目学生占比 students in industry projects',
            value: (u) => pct(u.studentsInIndustryProjects),
          },
          { header: '产业导师 industry mentors', value: (u) => u.industryMentors },
        ],
        format,
      );
      return reply
        .header('content-type', contentTypes[format])
        .header('content-disposition', `attachment; filename="kpis.${format}"`)
        .send(body);
    },
  );
};

export default routes;
