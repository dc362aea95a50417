import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { orgKinds, roles } from '../../../db/schema/enums.ts';
import { requireActor, SESSION_COOKIE } from '../../plugins/auth.ts';
import * as accounts from '../../services/accounts.service.ts';
import type { NewSession } from '../../services/accounts.service.ts';
import { errors, NonEmpty, Ok, Tags, Uuid } from '../common.ts';
import type { FastifyReply } from 'fastify';

const Email = Type.String({ format: 'email', maxLength: 254 });
const Password = Type.String({ minLength: 10, maxLength: 200, description: 'At least 10 characters' });

const Me = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  platformAdmin: Type.Boolean(),
  csrfToken: Type.String(),
  memberships: Type.Array(
    Type.Object({ orgId: Uuid, orgKind: Type.Enum([...orgKinds]), role: Type.Enum([...roles]) }),
  ),
});

const auth: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database;
  const { sessionTtlHours, cookieSecure } = app.deps.config;

  const setCookie = (reply: FastifyReply, s: NewSession) =>
    reply.setCookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: cookieSecure,
      path: '/',
      expires: s.expiresAt,
    });

  const me = async (tokenHash: string) => {
    const s = await accounts.sessionInfo(db, tokenHash);
    if (!s) throw new Error('session vanished');
    return {
      id: s.userId,
      email: s.email,
      displayName: s.displayName,
      platformAdmin: s.platformAdmin,
      csrfToken: s.csrfToken,
      memberships: s.memberships,
    };
  };

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        body: Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Type.Object({ csrfToken: Type.String(), expiresAt: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const s = await accounts.login(db, req.body.email, req.body.password, sessionTtlHours);
      setCookie(reply, s);
      req.log.info({ email: req.body.email }, 'login');
      return { csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() };
    },
  );

  app.post(
    '/logout',
    { schema: { tags: ['auth'], response: { 200: Ok, ...errors } } },
    async (req, reply) => {
      await accounts.logout(db, req.sessionTokenHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get('/me', { schema: { tags: ['auth'], response: { 200: Me, ...errors } } }, async (req) => {
    requireActor(req);
    return me(req.sessionTokenHash!);
  });

  app.post(
    '/register',
    {
      schema: {
        tags: ['auth'],
        description: 'Register an organisation and its first administrator (verification pending).',
        body: Type.Object(
          {
            organisation: Type.Object(
              {
                kind: Type.Enum([...orgKinds]),
                name: NonEmpty(200),
                nameEn: Type.Optional(Type.String({ maxLength: 200 })),
                region: NonEmpty(50),
                industries: Type.Optional(Tags()),
                disciplines: Type.Optional(Tags()),
              },
              { additionalProperties: false },
            ),
            admin: Type.Object(
              { email: Email, password: Password, displayName: NonEmpty(100) },
              { additionalProperties: false },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ organisationId: Uuid, userId: Uuid, csrfToken: Type.String() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { org, user } = await accounts.registerOrganisation(db, req.body);
      const s = await accounts.createSession(db, user.id, sessionTtlHours);
      setCookie(reply, s);
      return reply.status(201).send({ organisationId: org.id, userId: user.id, csrfToken: s.csrfToken });
    },
  );

  app.post(
    '/invitations/accept',
    {
      schema: {
        tags: ['auth'],
        body: Type.Object(
          {
            token: Type.String({ minLength: 10, maxLength: 200 }),
            password: Password,
            displayName: Type.Optional(NonEmpty(100)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ csrfToken: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const s = await accounts.acceptInvitation(db, req.body.token, req.body, sessionTtlHours);
      setCookie(reply, s);
      return { csrfToken: s.csrfToken };
    },
  );
};

export default auth;
