import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appendAudit } from '../../../db/repositories/audit.repository.ts';
import {
  findOrganisation,
  listMembers,
  listOrganisations,
  setVerification,
} from '../../../db/repositories/organisations.repository.ts';
import { orgKinds, roles, verificationStates } from '../../../db/schema/enums.ts';
import { hasRole } from '../../auth/actor.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { invite } from '../../services/accounts.service.ts';
import { errors, IdParams, Page, PageQuery, Timestamp, Uuid } from '../common.ts';

const Organisation = Type.Object({
  id: Uuid,
  kind: Type.Enum([...orgKinds]),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  region: Type.String(),
  industries: Type.Array(Type.String()),
  disciplines: Type.Array(Type.String()),
  verification: Type.Enum([...verificationStates]),
  createdAt: Timestamp,
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database;
  const tags = ['organisations'];

  app.get(
    '/',
    {
      schema: {
        tags,
        querystring: Type.Object(
          {
            ...PageQuery,
            kind: Type.Optional(Type.Enum([...orgKinds])),
            q: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Organisation), ...errors },
      },
    },
    async (req) => listOrganisations(db, { ...req.query, limit: req.query.limit ?? 20 }),
  );

  app.get(
    '/:id',
    { schema: { tags, params: IdParams, response: { 200: Organisation, ...errors } } },
    async (req) => {
      const o = await findOrganisation(db, req.params.id);
      if (!o) throw new NotFoundError('Organisation');
      return o;
    },
  );

  app.get(
    '/:id/members',
    {
      schema: {
        tags,
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                userId: Uuid,
                email: Type.String(),
                displayName: Type.String(),
                roles: Type.Array(Type.String()),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!hasRole(actor, req.params.id, 'org_admin', 'grad_admin') && !actor.platformAdmin) {
        throw new ForbiddenError(
          '只有本单位管理员可以查看成员 / Only this organisation’s admins can list members',
        );
      }
      return { items: await listMembers(db, req.params.id) };
    },
  );

  app.post(
    '/:id/invitations',
    {
      schema: {
        tags,
        description:
          'Invite a member. The token is returned once; deliver it to the invitee (it is never stored in clear).',
        params: IdParams,
        body: Type.Object(
          { email: Type.String({ format: 'email', maxLength: 254 }), role: Type.Enum([...roles]) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Uuid,
            token: Type.String(),
            email: Type.String(),
            role: Type.String(),
            expiresAt: Timestamp,
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const org = await findOrganisation(db, req.params.id);
      if (!org) throw new NotFoundError('Organisation');
      return reply.status(201).send(await invite(db, actor, org.id, org.kind, req.body.email, req.body.role));
    },
  );

  app.post(
    '/:id/verification',
    {
      schema: {
        tags,
        description: 'Platform admins verify or reject a registered organisation.',
        params: IdParams,
        body: Type.Object(
          {
            state: Type.Enum(['verified', 'rejected']),
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Organisation, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!actor.platformAdmin)
        throw new ForbiddenError('只有平台管理员可以认证单位 / Only platform admins verify organisations');
      return db.transaction(async (tx) => {
        const before = await findOrganisation(tx, req.params.id);
        if (!before) throw new NotFoundError('Organisation');
        const o = await setVerification(tx, req.params.id, req.body.state);
        await appendAudit(tx, {
          actorId: actor.userId,
          orgId: req.params.id,
          action: `organisation.${req.body.state}`,
          entityType: 'organisation',
          entityId: req.params.id,
          fromState: before.verification,
          toState: req.body.state,
          reason: req.body.reason ?? '',
        });
        return o!;
      });
    },
  );
};

export default routes;
