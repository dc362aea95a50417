import type { orgKinds, roles } from '../../db/schema/enums.ts';

export type Role = (typeof roles)[number];
export type OrgKind = (typeof orgKinds)[number];

export interface Membership {
  orgId: string;
  orgKind: OrgKind;
  role: Role;
}

/** Who is calling. Built once per request from the session; services authorise against it. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  platformAdmin: boolean;
  memberships: Membership[];
}

export const ANONYMOUS: Actor | null = null;

export function hasRole(actor: Actor | null, orgId: string, ...roles: Role[]): boolean {
  return !!actor?.memberships.some((m) => m.orgId === orgId && roles.includes(m.role));
}

export function orgsWithRole(actor: Actor | null, ...roles: Role[]): string[] {
  return actor
    ? [...new Set(actor.memberships.filter((m) => roles.includes(m.role)).map((m) => m.orgId))]
    : [];
}

export function memberOf(actor: Actor | null, orgId: string): boolean {
  return !!actor?.memberships.some((m) => m.orgId === orgId);
}

/** Graduate-school reviewers see the review queue of challenges and topics. */
export function isReviewer(actor: Actor | null): boolean {
  return !!actor && (actor.platformAdmin || actor.memberships.some((m) => m.role === 'grad_admin'));
}
