import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import type { Notifier } from './notifier.ts';

/** What every service call receives: the database, the caller, and the notifier. */
export interface ServiceContext {
  db: Db;
  actor: Actor | null;
  notifier: Notifier;
}
