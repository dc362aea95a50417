import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import * as caps from '../../services/capabilities.service.ts';
import { errors, IdParams, NonEmpty, Page, PageQuery, Tags, Timestamp, Uuid } from '../common.ts';
import { serviceContext } from '../context.ts';

const fields = {
  name: NonEmpty(200),
  kind: Type.Optional(Type.Enum(['lab', 'team', 'platform', 'center'])),
  directions: Type.Optional(Tags(30)),
  achievements: Type.Optional(Type.String({ maxLength: 20000 })),
  equipment: Type.Optional(Type.String({ maxLength: 20000 })),
  disciplines: Type.Optional(Tags(10)),
};
const CapabilityCreate = Type.Object({ ...fields, orgId: Uuid }, { additionalProperties: false });
const CapabilityUpdate = Type.Partial(Type.Object(fields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
const Capability = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  directions: Type.Array(Type.String()),
  achievements: Type.String(),
  equipment: Type.String(),
  disciplines: Type.Array(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['capabilities'];
  app.get(
    '/',
    {
      schema: {
        tags,
        querystring: Type.Object(
          {
            ...PageQuery,
            q: Type.Optional(Type.String({ maxLength: 100 })),
            orgId: Type.Optional(Uuid),
            discipline: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Capability), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit = 20, ...f } = req.query;
      return caps.list(serviceContext(req), f, { cursor, limit });
    },
  );
  app.get(
    '/:id',
    { schema: { tags, params: IdParams, response: { 200: Capability, ...errors } } },
    async (req) => caps.get(serviceContext(req), req.params.id),
  );
  app.post(
    '/',
    { schema: { tags, body: CapabilityCreate, response: { 201: Capability, ...errors } } },
    async (req, reply) => {
      const { orgId, ...input } = req.body;
      return reply.status(201).send(await caps.create(serviceContext(req), orgId, input));
    },
  );
  app.patch(
    '/:id',
    { schema: { tags, params: IdParams, body: CapabilityUpdate, response: { 200: Capability, ...errors } } },
    async (req) => caps.update(serviceContext(req), req.params.id, req.body),
  );
  app.delete(
    '/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await caps.remove(serviceContext(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default routes;
