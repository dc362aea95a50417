import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { auditFor } from '../../../db/repositories/audit.repository.ts';
import { hasRole } from '../../auth/actor.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errors, Timestamp } from '../common.ts';

const Entry = Type.Object({
  id: Type.Integer(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  orgId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  fromState: Type.Union([Type.String(), Type.Null()]),
  toState: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  at: Timestamp,
});

/** The audit trail of one entity: platform admins see all; organisation admins see their own organisation's entries. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database;
  app.get(
    '/',
    {
      schema: {
        tags: ['audit'],
        querystring: Type.Object(
          {
            entityType: Type.Enum([
              'challenge',
              'mentor',
              'proposal',
              'topic',
              'organisation',
              'student',
              'invitation',
              'import',
              'allocation',
            ]),
            entityId: Type.String({ minLength: 1, maxLength: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Entry) }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const rows = await auditFor(db, req.query.entityType, req.query.entityId);
      const items = actor.platformAdmin
        ? rows
        : rows.filter((r) => r.orgId && hasRole(actor, r.orgId, 'org_admin', 'grad_admin'));
      return { items };
    },
  );
};

export default routes;
