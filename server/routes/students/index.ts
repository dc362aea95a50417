import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { degreeLevels, degreeTypes, topicStates } from '../../../db/schema/enums.ts';
import * as studentsSvc from '../../services/students.service.ts';
import { errors, IdParams, NonEmpty, Page, PageQuery, Tags, Timestamp, Uuid } from '../common.ts';
import { serviceContext } from '../context.ts';

export const StudentCreate = Type.Object(
  {
    studentNo: NonEmpty(40),
    name: NonEmpty(100),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
    discipline: Type.String({ pattern: '^[0-9]{4}$', description: '4-digit code of the 2022 catalogue' }),
    degreeLevel: Type.Optional(Type.Enum([...degreeLevels])),
    degreeType: Type.Optional(Type.Enum([...degreeTypes])),
    cohort: Type.Integer({ minimum: 2000, maximum: 2100 }),
    skills: Type.Optional(Tags(30)),
    statement: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
const Student = Type.Object({
  id: Uuid,
  orgId: Uuid,
  userId: Type.Union([Uuid, Type.Null()]),
  studentNo: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  discipline: Type.String(),
  degreeLevel: Type.Enum([...degreeLevels]),
  degreeType: Type.Enum([...degreeTypes]),
  cohort: Type.Integer(),
  skills: Type.Array(Type.String()),
  statement: Type.String(),
  createdAt: Timestamp,
});
const Preferences = Type.Object({
  studentId: Uuid,
  maxPreferences: Type.Integer(),
  items: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      topicId: Uuid,
      title: Type.String(),
      state: Type.Enum([...topicStates]),
    }),
  ),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['students'];
  app.get('/me', { schema: { tags, response: { 200: Student, ...errors } } }, async (req) =>
    studentsSvc.me(serviceContext(req)),
  );
  app.patch(
    '/me',
    {
      schema: {
        tags,
        body: Type.Object(
          { skills: Type.Optional(Tags(30)), statement: Type.Optional(Type.String({ maxLength: 5000 })) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Student, ...errors },
      },
    },
    async (req) => studentsSvc.updateMe(serviceContext(req), req.body),
  );
  app.get('/me/preferences', { schema: { tags, response: { 200: Preferences, ...errors } } }, async (req) =>
    studentsSvc.preferencesOf(serviceContext(req), 'me'),
  );
  app.put(
    '/me/preferences',
    {
      schema: {
        tags,
        description: 'Replace my ranked topic choices (first = most wanted).',
        body: Type.Object({ topicIds: Type.Array(Uuid, { maxItems: 50 }) }, { additionalProperties: false }),
        response: { 200: Preferences, ...errors },
      },
    },
    async (req) => studentsSvc.setMyPreferences(serviceContext(req), req.body.topicIds),
  );
  app.get(
    '/:id/preferences',
    { schema: { tags, params: IdParams, response: { 200: Preferences, ...errors } } },
    async (req) => studentsSvc.preferencesOf(serviceContext(req), req.params.id),
  );
  app.get(
    '/',
    {
      schema: {
        tags,
        querystring: Type.Object(
          {
            ...PageQuery,
            orgId: Uuid,
            q: Type.Optional(Type.String({ maxLength: 100 })),
            cohort: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Student), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit = 20, orgId, ...f } = req.query;
      return studentsSvc.list(serviceContext(req), orgId, f, { cursor, limit });
    },
  );
  app.post(
    '/',
    {
      schema: {
        tags,
        body: Type.Object(
          { orgId: Uuid, students: Type.Array(StudentCreate, { minItems: 1, maxItems: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ items: Type.Array(Student) }), ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send({
        items: await studentsSvc.createMany(serviceContext(req), req.body.orgId, req.body.students),
      }),
  );
};

export default routes;
