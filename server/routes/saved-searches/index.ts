import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { savedSearches } from '../../../db/schema/index.ts';
import { NotFoundError } from '../../errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errors, IdParams, NonEmpty, Timestamp, Uuid } from '../common.ts';

const fields = {
  name: NonEmpty(100),
  query: Type.String({
    minLength: 1,
    maxLength: 2000,
    description: 'Free text describing what to be alerted about',
  }),
  target: Type.Optional(Type.Enum(['challenge', 'topic'])),
  filters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  threshold: Type.Optional(
    Type.Number({ minimum: 0, maximum: 1, description: 'Minimum matcher affinity for an alert' }),
  ),
};
const SavedSearch = Type.Object({
  id: Uuid,
  name: Type.String(),
  query: Type.String(),
  target: Type.String(),
  filters: Type.Record(Type.String(), Type.Unknown()),
  threshold: Type.Number(),
  createdAt: Timestamp,
});

/** Saved searches belong to one user; every query is scoped by the caller's id. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database;
  const tags = ['alerts'];
  app.get(
    '/',
    { schema: { tags, response: { 200: Type.Object({ items: Type.Array(SavedSearch) }), ...errors } } },
    async (req) => {
      const actor = requireActor(req);
      return {
        items: await db
          .select()
          .from(savedSearches)
          .where(eq(savedSearches.userId, actor.userId))
          .orderBy(desc(savedSearches.createdAt)),
      };
    },
  );
  app.post(
    '/',
    {
      schema: {
        tags,
        body: Type.Object(fields, { additionalProperties: false }),
        response: { 201: SavedSearch, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const [row] = await db
        .insert(savedSearches)
        .values({ ...req.body, userId: actor.userId })
        .returning();
      return reply.status(201).send(row!);
    },
  );
  app.patch(
    '/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Partial(Type.Object(fields, { additionalProperties: false }), {
          additionalProperties: false,
          minProperties: 1,
        }),
        response: { 200: SavedSearch, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const [row] = await db
        .update(savedSearches)
        .set(req.body)
        .where(and(eq(savedSearches.id, req.params.id), eq(savedSearches.userId, actor.userId)))
        .returning();
      if (!row) throw new NotFoundError('Saved search');
      return row;
    },
  );
  app.delete(
    '/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const r = await db
        .delete(savedSearches)
        .where(and(eq(savedSearches.id, req.params.id), eq(savedSearches.userId, actor.userId)))
        .returning({ id: savedSearches.id });
      if (!r.length) throw new NotFoundError('Saved search');
      return reply.status(204).send(null);
    },
  );
};

export default routes;
