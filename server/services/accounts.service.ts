import type { Db } from '../../db/client.ts';
import {
  addMembership,
  findOpenInvitation,
  findUserByEmail,
  insertInvitation,
  insertOrganisation,
  insertUser,
  markInvitationAccepted,
} from '../../db/repositories/accounts.repository.ts';
import { appendAudit } from '../../db/repositories/audit.repository.ts';
import { linkMentorAccount } from '../../db/repositories/mentors.repository.ts';
import { studentRepository } from '../../db/repositories/students.repository.ts';
import { deleteSession, findLiveSession, insertSession } from '../../db/repositories/sessions.repository.ts';
import { hasRole, type Actor, type OrgKind, type Role } from '../auth/actor.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { newToken, sha256 } from '../auth/tokens.ts';
import { ConflictError, ForbiddenError, UnauthenticatedError, ValidationError } from '../errors.ts';

/** Roles an organisation of each kind may hand out. */
export const rolesByOrgKind: Record<OrgKind, Role[]> = {
  enterprise: ['org_admin', 'enterprise_member', 'industry_mentor'],
  university: ['org_admin', 'grad_admin', 'supervisor', 'student'],
  institute: ['org_admin', 'grad_admin', 'supervisor', 'industry_mentor'],
};

/** The first user of a new organisation administers it; universities' also run the graduate school. */
const founderRoles: Record<OrgKind, Role[]> = {
  enterprise: ['org_admin', 'enterprise_member'],
  university: ['org_admin', 'grad_admin'],
  institute: ['org_admin', 'grad_admin'],
};

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: Db, userId: string, ttlHours: number): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await insertSession(db, { tokenHash: sha256(token), userId, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt };
}

export async function login(db: Db, email: string, password: string, ttlHours: number) {
  const user = await findUserByEmail(db, email);
  // Verify against a dummy hash when the user is unknown so timing does not reveal which emails exist.
  dummyHash ??= hashPassword(newToken());
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  if (!user || !ok) throw new UnauthenticatedError('邮箱或密码错误 / Wrong email or password');
  return createSession(db, user.id, ttlHours);
}
let dummyHash: Promise<string> | undefined;

export async function logout(db: Db, tokenHash: string | null): Promise<void> {
  if (tokenHash) await deleteSession(db, tokenHash);
}

export async function sessionInfo(db: Db, tokenHash: string) {
  return findLiveSession(db, tokenHash);
}

export interface RegisterInput {
  organisation: {
    kind: OrgKind;
    name: string;
    nameEn?: string;
    region: string;
    industries?: string[];
    disciplines?: string[];
  };
  admin: { email: string; password: string; displayName: string };
}

/** Registers an organisation (pending verification by a platform admin) and its first admin. */
export async function registerOrganisation(db: Db, input: RegisterInput) {
  return db.transaction(async (tx) => {
    if (await findUserByEmail(tx, input.admin.email)) {
      throw new ValidationError('该邮箱已注册 / This email is already registered', {
        'admin.email': 'already registered',
      });
    }
    const org = await insertOrganisation(tx, { ...input.organisation, verification: 'pending' });
    const user = await insertUser(tx, {
      email: input.admin.email,
      passwordHash: await hashPassword(input.admin.password),
      displayName: input.admin.displayName,
    });
    for (const role of founderRoles[org.kind])
      await addMembership(tx, { userId: user.id, orgId: org.id, role });
    await appendAudit(tx, {
      actorId: user.id,
      orgId: org.id,
      action: 'organisation.register',
      entityType: 'organisation',
      entityId: org.id,
    });
    return { org, user };
  });
}

export async function invite(
  db: Db,
  actor: Actor,
  orgId: string,
  orgKind: OrgKind,
  email: string,
  role: Role,
) {
  if (!hasRole(actor, orgId, 'org_admin') && !actor.platformAdmin) {
    throw new ForbiddenError(
      '只有本单位管理员可以邀请成员 / Only this organisation’s admins can invite members',
    );
  }
  if (!rolesByOrgKind[orgKind].includes(role)) {
    throw new ValidationError(`Role ${role} does not exist in a ${orgKind}`, {
      role: `not allowed for ${orgKind}`,
    });
  }
  const token = newToken();
  return db.transaction(async (tx) => {
    const inv = await insertInvitation(tx, {
      orgId,
      email: email.toLowerCase(),
      role,
      tokenHash: sha256(token),
      invitedBy: actor.userId,
      expiresAt: new Date(Date.now() + 14 * 86400_000),
    });
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId,
      action: 'invitation.create',
      entityType: 'invitation',
      entityId: inv.id,
      data: { email: inv.email, role },
    });
    return { id: inv.id, token, expiresAt: inv.expiresAt, email: inv.email, role };
  });
}

/** Accepts an invitation: creates the account if needed (or checks the password) and adds the role. */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { password: string; displayName?: string },
  ttlHours: number,
) {
  const userId = await db.transaction(async (tx) => {
    const inv = await findOpenInvitation(tx, sha256(token));
    if (!inv)
      throw new ConflictError('invitation_invalid', '邀请无效或已过期 / Invitation is invalid or expired');
    let user = await findUserByEmail(tx, inv.email);
    if (user) {
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        throw new UnauthenticatedError(
          '该邮箱已有账号，请输入其密码 / This email has an account: enter its password',
        );
      }
    } else {
      if (!input.displayName) {
        throw new ValidationError('Display name required for a new account', { displayName: 'required' });
      }
      user = await insertUser(tx, {
        email: inv.email,
        passwordHash: await hashPassword(input.password),
        displayName: input.displayName,
      });
    }
    await addMembership(tx, { userId: user.id, orgId: inv.orgId, role: inv.role });
    await markInvitationAccepted(tx, inv.id);
    if (inv.role === 'student') await studentRepository(tx, inv.orgId).linkAccount(inv.email, user.id);
    // Pool records that name this person become theirs (GET /mentors/me, their profile and students).
    if (inv.role === 'supervisor' || inv.role === 'industry_mentor')
      await linkMentorAccount(tx, { orgId: inv.orgId, role: inv.role, email: inv.email, userId: user.id });
    await appendAudit(tx, {
      actorId: user.id,
      orgId: inv.orgId,
      action: 'invitation.accept',
      entityType: 'invitation',
      entityId: inv.id,
      data: { role: inv.role },
    });
    return user.id;
  });
  return createSession(db, userId, ttlHours);
}
