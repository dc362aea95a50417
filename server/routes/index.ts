import type { FastifyPluginAsync } from 'fastify';
import auth from './auth/index.ts';
import challenges from './challenges/index.ts';
import organisations from './organisations/index.ts';

export const registerRoutes: FastifyPluginAsync = async (app) => {
  await app.register(auth, { prefix: '/auth' });
  await app.register(challenges, { prefix: '/challenges' });
  await app.register(organisations, { prefix: '/organisations' });
};
