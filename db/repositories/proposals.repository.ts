import { and, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../server/auth/actor.ts';
import type { DbOrTx } from '../client.ts';
import { challenges, organisations, proposals } from '../schema/index.ts';

export type ProposalRow = typeof proposals.$inferSelect;

/**
 * Proposals are private to two parties: the proposing university sees its own (drafts too), the
 * challenge's enterprise sees what was submitted to it. Nobody else sees any.
 */
export function proposalRepository(db: DbOrTx, actor: Actor | null) {
  const myOrgs = actor ? [...new Set(actor.memberships.map((m) => m.orgId))] : [];
  const visible = (): SQL =>
    myOrgs.length
      ? or(
          inArray(proposals.orgId, myOrgs),
          and(inArray(challenges.orgId, myOrgs), ne(proposals.state, 'draft')),
        )!
      : sql`false`;
  const select = () =>
    db
      .select({
        p: proposals,
        orgName: organisations.name,
        challengeOrgId: challenges.orgId,
        challengeTitle: challenges.title,
      })
      .from(proposals)
      .innerJoin(challenges, eq(challenges.id, proposals.challengeId))
      .innerJoin(organisations, eq(organisations.id, proposals.orgId));
  const toView = (r: {
    p: ProposalRow;
    orgName: string;
    challengeOrgId: string;
    challengeTitle: string;
  }) => ({
    ...r.p,
    orgName: r.orgName,
    challengeOrgId: r.challengeOrgId,
    challengeTitle: r.challengeTitle,
  });
  return {
    async list(f: { challengeId?: string }) {
      const rows = await select()
        .where(and(visible(), f.challengeId ? eq(proposals.challengeId, f.challengeId) : undefined))
        .orderBy(desc(proposals.createdAt))
        .limit(500);
      return rows.map(toView);
    },
    async get(id: string) {
      const [r] = await select().where(and(eq(proposals.id, id), visible()));
      return r ? toView(r) : undefined;
    },
    async insert(v: typeof proposals.$inferInsert) {
      const [r] = await db.insert(proposals).values(v).returning();
      return r!;
    },
    async update(id: string, v: Partial<typeof proposals.$inferInsert>) {
      const [r] = await db
        .update(proposals)
        .set({ ...v, updatedAt: new Date() })
        .where(eq(proposals.id, id))
        .returning();
      return r!;
    },
  };
}
