import type { FastifyPluginAsync } from 'fastify';
import auth from './auth/index.ts';
import challenges from './challenges/index.ts';
import organisations from './organisations/index.ts';
import mentors from './mentors/index.ts';
import capabilities from './capabilities/index.ts';
import proposals from './proposals/index.ts';
import topics from './topics/index.ts';
import students from './students/index.ts';
import notifications from './notifications/index.ts';
import savedSearches from './saved-searches/index.ts';
import audit from './audit/index.ts';
import search from './search/index.ts';

export const registerRoutes: FastifyPluginAsync = async (app) => {
  await app.register(auth, { prefix: '/auth' });
  await app.register(challenges, { prefix: '/challenges' });
  await app.register(organisations, { prefix: '/organisations' });
  await app.register(mentors, { prefix: '/mentors' });
  await app.register(capabilities, { prefix: '/capabilities' });
  await app.register(proposals);
  await app.register(topics, { prefix: '/topics' });
  await app.register(students, { prefix: '/students' });
  await app.register(notifications, { prefix: '/notifications' });
  await app.register(savedSearches, { prefix: '/saved-searches' });
  await app.register(audit, { prefix: '/audit' });
  await app.register(search, { prefix: '/search' });
};
