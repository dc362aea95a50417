import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { findLiveSession } from '../../db/repositories/sessions.repository.ts';
import type { Actor } from '../auth/actor.ts';
import { sha256 } from '../auth/tokens.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';

export const SESSION_COOKIE = 'cj_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionTokenHash: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Loads the caller from the HttpOnly session cookie on every request. Cookie-authenticated writes
 * must echo the session's CSRF token in a header (double-submit is not enough: the token lives
 * server-side, so a cross-site form can never know it).
 */
export async function registerAuth(app: FastifyInstance, db: Db): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionTokenHash', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const tokenHash = sha256(token);
    const s = await findLiveSession(db, tokenHash);
    if (!s) return;
    req.sessionTokenHash = tokenHash;
    req.actor = {
      userId: s.userId,
      email: s.email,
      displayName: s.displayName,
      platformAdmin: s.platformAdmin,
      memberships: s.memberships,
    };
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== s.csrfToken) {
      throw new ForbiddenError(
        `缺少或错误的 CSRF 令牌 / Missing or wrong ${CSRF_HEADER} header; read it from GET /api/v1/auth/me`,
        'csrf_failed',
      );
    }
  });
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new UnauthenticatedError();
  return req.actor;
}
