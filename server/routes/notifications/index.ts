import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inbox, markRead, unreadCount } from '../../../db/repositories/notifications.repository.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errors, Timestamp } from '../common.ts';

export const Notification = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  readAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database;
  const tags = ['notifications'];
  app.get(
    '/',
    {
      schema: {
        tags,
        description: 'My inbox, newest first. Page with `before` = the smallest id already shown.',
        querystring: Type.Object(
          {
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            unreadOnly: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Notification),
            nextBefore: Type.Union([Type.Integer(), Type.Null()]),
            unread: Type.Integer(),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const limit = req.query.limit ?? 20;
      const rows = await inbox(db, actor.userId, { ...req.query, limit });
      const items = rows.slice(0, limit);
      return {
        items,
        nextBefore: rows.length > limit ? items[items.length - 1]!.id : null,
        unread: await unreadCount(db, actor.userId),
      };
    },
  );
  app.post(
    '/read',
    {
      schema: {
        tags,
        body: Type.Object(
          {
            ids: Type.Union([
              Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 }),
              Type.Literal('all'),
            ]),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ marked: Type.Integer(), unread: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const marked = await markRead(db, actor.userId, req.body.ids);
      return { marked, unread: await unreadCount(db, actor.userId) };
    },
  );
};

export default routes;
