import type { Logger } from 'pino';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { findUserByEmail, insertUser } from '../../db/repositories/accounts.repository.ts';
import { users } from '../../db/schema/index.ts';
import { hashPassword } from '../auth/password.ts';
import type { Config } from '../config.ts';

/** Server mode has no demo data: ADMIN_EMAIL / ADMIN_PASSWORD create the first platform admin once. */
export async function bootstrapAdmin(db: Db, config: Config, log: Logger): Promise<void> {
  if (!config.adminEmail || !config.adminPassword) return;
  const anyAdmin = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.platformAdmin, true))
    .limit(1);
  if (anyAdmin.length) return;
  if (await findUserByEmail(db, config.adminEmail)) {
    log.warn(
      { email: config.adminEmail },
      'ADMIN_EMAIL belongs to an existing non-admin user; not promoting it',
    );
    return;
  }
  await insertUser(db, {
    email: config.adminEmail,
    passwordHash: await hashPassword(config.adminPassword),
    displayName: 'Platform admin',
    platformAdmin: true,
  });
  log.info({ email: config.adminEmail }, 'platform admin created');
}
