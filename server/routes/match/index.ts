import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { challengeRepository } from '../../../db/repositories/challenges.repository.ts';
import { mentorRepository } from '../../../db/repositories/mentors.repository.ts';
import { MatchInputError, type MatchReasons, type TeamMatch } from '../../../search/matcher/index.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { challengeDocs, mentorDocs } from '../../search/documents.ts';
import { me as studentMe } from '../../services/students.service.ts';
import { errors, IdParams, Tags, Uuid } from '../common.ts';
import { serviceContext } from '../context.ts';

const Result = Type.Object({
  type: Type.Enum(['mentor', 'topic', 'capability', 'challenge']),
  id: Type.String(),
  score: Type.Number({ minimum: 0, maximum: 1, description: 'Affinity, comparable across queries' }),
  title: Type.String(),
  subtitle: Type.String(),
  kind: Type.String(),
  reasons: Type.Unsafe<MatchReasons>(
    Type.Record(Type.String(), Type.Unknown(), {
      description:
        'Evidence: matched terms, best publication or passage, discipline path, capacity, grades, components',
    }),
  ),
});
const Query = Type.Object({
  keyTerms: Type.Array(Type.Object({ term: Type.String(), weight: Type.Number(), skill: Type.Boolean() })),
  disciplines: Type.Array(Type.String()),
});
const Preview = Type.Object({
  results: Type.Array(Result),
  query: Query,
  ignoredFilters: Type.Array(Type.String()),
});
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 }));

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['matching'];
  const { matcher, suggestDisciplines } = app.deps.search;
  const guard = async <T>(p: Promise<T>) => {
    try {
      return await p;
    } catch (err) {
      if (err instanceof MatchInputError) throw new ValidationError(err.message, { text: err.message });
      throw err;
    }
  };

  app.post(
    '/match/preview',
    {
      schema: {
        tags,
        description:
          'What an enterprise sees while drafting: ranked mentors, topics, capabilities or challenges for a text, with evidence.',
        body: Type.Object(
          {
            text: Type.String({ minLength: 2, maxLength: 20000 }),
            target: Type.Enum(['mentor', 'topic', 'capability', 'challenge']),
            limit: Limit,
            skills: Type.Optional(Tags(50)),
            disciplines: Type.Optional(Tags(10)),
            minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
            filters: Type.Optional(
              Type.Object(
                {
                  region: Type.Optional(Type.String({ maxLength: 50 })),
                  disciplines: Type.Optional(Tags(20)),
                  degreeType: Type.Optional(Type.Enum(['academic', 'professional'])),
                  kind: Type.Optional(Type.String({ maxLength: 30 })),
                  orgId: Type.Optional(Uuid),
                  cohort: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
                },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Preview, ...errors },
      },
    },
    async (req) => {
      requireActor(req);
      return guard(matcher.preview(req.body));
    },
  );

  app.get(
    '/challenges/:id/matches',
    {
      schema: {
        tags,
        description:
          'Campus supervisors, industry mentors, capabilities, topics and the best dual-mentor team for a challenge.',
        params: IdParams,
        querystring: Type.Object({ limit: Limit }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            campus: Type.Array(Result),
            industry: Type.Array(Result),
            capabilities: Type.Array(Result),
            topics: Type.Array(Result),
            team: Type.Unsafe<TeamMatch | null>(
              Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
            ),
            query: Query,
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const ctx = serviceContext(req);
      requireActor(req);
      if (!(await challengeRepository(ctx.db, ctx.actor).get(req.params.id)))
        throw new NotFoundError('Challenge');
      // The indexed document: for NDA challenges only the public summary, so evidence cannot leak.
      const [doc] = await challengeDocs(ctx.db, [req.params.id]);
      return guard(matcher.forChallenge(doc!, { limit: req.query.limit ?? 10 }));
    },
  );

  app.get(
    '/mentors/:id/matches',
    {
      schema: {
        tags,
        description: 'Public challenges that fit a mentor’s profile.',
        params: IdParams,
        querystring: Type.Object({ limit: Limit }, { additionalProperties: false }),
        response: { 200: Preview, ...errors },
      },
    },
    async (req) => {
      const ctx = serviceContext(req);
      requireActor(req);
      if (!(await mentorRepository(ctx.db, ctx.actor).get(req.params.id))) throw new NotFoundError('Mentor');
      const [doc] = await mentorDocs(ctx.db, [req.params.id]);
      return guard(matcher.forMentor(doc!, { limit: req.query.limit ?? 10 }));
    },
  );

  app.get(
    '/students/me/matches',
    {
      schema: {
        tags,
        description: 'Open topics of my university and cohort that fit my profile.',
        querystring: Type.Object({ limit: Limit }, { additionalProperties: false }),
        response: { 200: Preview, ...errors },
      },
    },
    async (req) => {
      const s = await studentMe(serviceContext(req));
      if (!s.statement.trim() && !s.skills.length) {
        throw new ConflictError(
          'profile_empty',
          '请先填写技能或个人陈述 / Add skills or a statement to your profile first',
        );
      }
      return guard(
        matcher.forStudent(
          {
            discipline: s.discipline,
            skills: s.skills,
            statement: s.statement,
            degreeType: s.degreeType,
            cohort: s.cohort,
            orgId: s.orgId,
          },
          { limit: req.query.limit ?? 10 },
        ),
      );
    },
  );

  app.post(
    '/disciplines/suggest',
    {
      schema: {
        tags,
        description: 'Suggest disciplines of the 2022 catalogue for a text (e.g. a challenge being drafted).',
        body: Type.Object(
          {
            text: Type.String({ minLength: 2, maxLength: 20000 }),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                discipline: Type.String(),
                name: Type.String(),
                path: Type.String(),
                score: Type.Number(),
                neighbours: Type.Integer(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => ({ items: await suggestDisciplines(req.body.text, req.body.limit ?? 5) }),
  );
};

export default routes;
