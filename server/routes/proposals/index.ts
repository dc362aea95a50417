import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { proposalStates } from '../../../db/schema/enums.ts';
import * as proposals from '../../services/proposals.service.ts';
import { errors, IdParams, NonEmpty, Timestamp, Uuid } from '../common.ts';
import { serviceContext } from '../context.ts';

const fields = {
  title: NonEmpty(200),
  approach: Type.String({ minLength: 1, maxLength: 20000 }),
  mentorIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
};
const Proposal = Type.Object({
  id: Uuid,
  challengeId: Uuid,
  challengeTitle: Type.String(),
  challengeOrgId: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  title: Type.String(),
  approach: Type.String(),
  mentorIds: Type.Array(Uuid),
  state: Type.Enum([...proposalStates]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** Mounted at /api/v1: proposals live under their challenge for creation and listing. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['proposals'];
  app.get(
    '/challenges/:id/proposals',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Proposal) }), ...errors },
      },
    },
    async (req) => ({ items: await proposals.list(serviceContext(req), { challengeId: req.params.id }) }),
  );
  app.post(
    '/challenges/:id/proposals',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ ...fields, orgId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 201: Proposal, ...errors },
      },
    },
    async (req, reply) => {
      const { orgId, ...input } = req.body;
      return reply.status(201).send(await proposals.create(serviceContext(req), req.params.id, orgId, input));
    },
  );
  app.get(
    '/proposals',
    { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Proposal) }), ...errors } } },
    async (req) => ({
      items: await proposals.list(serviceContext(req), {}),
    }),
  );
  app.get(
    '/proposals/:id',
    { schema: { tags, params: IdParams, response: { 200: Proposal, ...errors } } },
    async (req) => proposals.get(serviceContext(req), req.params.id),
  );
  app.patch(
    '/proposals/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Partial(Type.Object(fields, { additionalProperties: false }), {
          additionalProperties: false,
          minProperties: 1,
        }),
        response: { 200: Proposal, ...errors },
      },
    },
    async (req) => proposals.update(serviceContext(req), req.params.id, req.body),
  );
  app.post(
    '/proposals/:id/transitions',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          {
            action: Type.Enum(['submit', 'shortlist', 'accept', 'reject', 'withdraw']),
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Proposal, ...errors },
      },
    },
    async (req) => proposals.transition(serviceContext(req), req.params.id, req.body.action, req.body.reason),
  );
};

export default routes;
