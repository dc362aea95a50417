import type { FastifyRequest } from 'fastify';
import type { ServiceContext } from '../services/context.ts';

export function serviceContext(req: FastifyRequest): ServiceContext {
  const { database, notifier } = req.server.deps;
  return { db: database.db, actor: req.actor, notifier };
}
