/**
 * Alerts: when a challenge is published (or a thesis topic opens), tell the people it fits.
 *  - saved searches (query text, target, threshold in [0, 1], optional filters) of any user;
 *  - mentor profiles (active pool members with an account) for challenges, at `mentorThreshold`.
 * A user is alerted once per posting, with every reason that fired (which profile or saved search,
 * the affinity, the shared terms).
 *
 * Durable: the publishing transaction enqueues an `alert.challenge` / `alert.topic` job on the
 * outbox (`enqueueAlert`), so the alerts commit or roll back with the publication and survive a
 * crash or an engine outage. The outbox worker runs the job once the search index holds the posting,
 * retries it with backoff and dead-letters it after its last attempt; a run never fails the publish.
 * Retries are harmless: the notifications are written with `oncePer` (challengeId / topicId), which
 * skips users already alerted for the posting, checked under the inbox locks in the inserting
 * transaction.
 *
 * Affinity is the matcher's (search/matcher/): calibrated semantic similarity, key-term coverage
 * and discipline distance in one absolute number in [0, 1], with the matched terms as evidence.
 * It reads candidates from the search index; candidates the index does not hold are skipped.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { orgUserIds } from '../../db/repositories/notifications.repository.ts';
import { enqueueJob } from '../../db/repositories/outbox.repository.ts';
import type { DbOrTx } from '../../db/client.ts';
import { challenges, mentors, savedSearches, thesisTopics } from '../../db/schema/index.ts';
import type { Matcher } from '../../search/matcher/index.ts';
import type { Logger } from '../events/bus.ts';
import type { AlertReason } from '../events/schema.ts';
import type { Notifier } from './notifier.ts';

export interface AlertsOptions {
  /** Minimum affinity for a mentor-profile alert (saved searches carry their own threshold). */
  mentorThreshold: number;
  /** Shared terms listed per reason. */
  maxTerms: number;
}

export const defaultAlertsOptions: AlertsOptions = { mentorThreshold: 0.5, maxTerms: 8 };

export interface AlertsDeps {
  db: Db;
  notifier: Notifier;
  scorer: AffinityScorer;
  log: Logger;
  options?: Partial<AlertsOptions>;
}

export interface AlertOutcome {
  /** Profiles and saved searches scored. */
  candidates: number;
  /** Users notified (one notification each). */
  notified: number;
}

/** The alert passes, run by the outbox worker (jobs `alert.challenge`, `alert.topic`); idempotent. */
export interface Alerts {
  challengePublished(challengeId: string): Promise<AlertOutcome>;
  topicOpened(topicId: string): Promise<AlertOutcome>;
}

/** Enqueues the alert pass inside the transaction that publishes the challenge or opens the topic. */
export function enqueueAlert(tx: DbOrTx, kind: 'challenge' | 'topic', id: string): Promise<void> {
  return enqueueJob(tx, kind === 'challenge' ? 'alert.challenge' : 'alert.topic', id);
}

/** One candidate's affinity to a text, with the evidence shown to the user. */
export interface Scored {
  /** Affinity in [0, 1]. */
  score: number;
  /** Key terms of the text found in the candidate. */
  terms: string[];
  /** The candidate's best-matching passage or publication title, if any. */
  evidence?: string;
}

/** The one place affinity comes from: the matcher, over candidates named by id in an index. */
export interface AffinityScorer {
  score(
    text: string,
    target: 'mentor' | 'challenge' | 'topic',
    ids: string[],
    hints?: { skills?: string[]; disciplines?: string[] },
  ): Promise<Map<string, Scored>>;
}

const MATCHER_BATCH = 100;

export function matcherScorer(matcher: Matcher, maxTerms = defaultAlertsOptions.maxTerms): AffinityScorer {
  return {
    async score(text, target, ids, hints = {}) {
      const out = new Map<string, Scored>();
      for (let i = 0; i < ids.length; i += MATCHER_BATCH) {
        const res = await matcher.score({
          text,
          target,
          ids: ids.slice(i, i + MATCHER_BATCH),
          skills: hints.skills ?? [],
          disciplines: hints.disciplines ?? [],
        });
        for (const r of res.results) {
          const evidence = r.reasons.publication?.title ?? r.reasons.passage?.text;
          out.set(r.id, {
            score: Math.round(r.score * 1000) / 1000,
            terms: r.reasons.matchedTerms.slice(0, maxTerms),
            ...(evidence ? { evidence } : {}),
          });
        }
      }
      return out;
    },
  };
}

/** Saved-search filters: keys naming a posting field must match (any-of for lists). Others are ignored. */
export function filtersMatch(filters: Record<string, unknown>, subject: Record<string, unknown>): boolean {
  for (const [k, want] of Object.entries(filters)) {
    if (!(k in subject) || want === null || want === undefined) continue;
    const have = subject[k];
    const haveList = (Array.isArray(have) ? have : [have]).map(String);
    const wantList = (Array.isArray(want) ? want : [want]).map(String);
    if (wantList.length && !wantList.some((w) => haveList.includes(w))) return false;
  }
  return true;
}

interface Subject {
  kind: 'challenge' | 'topic';
  id: string;
  orgId: string;
  title: string;
  summary: string;
  /** What mentors are matched against (public text only). */
  text: string;
  skills: string[];
  disciplines: string[];
  fields: Record<string, unknown>;
}

export function createAlerts(deps: AlertsDeps): Alerts {
  const o = { ...defaultAlertsOptions, ...deps.options };
  const { db, notifier, scorer, log } = deps;

  async function run(subject: Subject, withMentors: boolean): Promise<AlertOutcome> {
    const searches = (
      await db.select().from(savedSearches).where(eq(savedSearches.target, subject.kind))
    ).filter((s) => filtersMatch(s.filters, subject.fields));
    const profiles = withMentors ? await mentorProfiles(db) : [];

    // The posting's own organisation already hears about it through the workflow notifications.
    const own = new Set(await orgUserIds(db, subject.orgId));
    const candidates = searches.length + profiles.length;
    if (!candidates) return { candidates, notified: 0 };

    const reasons = new Map<string, AlertReason[]>();
    const add = (userId: string, r: AlertReason) => {
      if (own.has(userId)) return;
      const l = reasons.get(userId);
      if (l) l.push(r);
      else reasons.set(userId, [r]);
    };
    // Saved searches: how well the posting answers each saved query.
    for (const s of searches) {
      const hit = (await scorer.score(s.query, subject.kind, [subject.id])).get(subject.id);
      if (hit && hit.score >= s.threshold)
        add(s.userId, {
          source: 'saved_search',
          savedSearchId: s.id,
          name: s.name,
          score: hit.score,
          threshold: s.threshold,
          terms: hit.terms,
        });
    }
    // Mentor profiles: how expert each mentor is on the posting.
    if (profiles.length) {
      const scored = await scorer.score(
        subject.text,
        'mentor',
        profiles.map((p) => p.id),
        { skills: subject.skills, disciplines: subject.disciplines },
      );
      for (const p of profiles) {
        const hit = scored.get(p.id);
        if (hit && hit.score >= o.mentorThreshold)
          add(p.userId, {
            source: 'mentor_profile',
            mentorId: p.id,
            score: hit.score,
            threshold: o.mentorThreshold,
            terms: hit.terms,
            ...(hit.evidence ? { evidence: hit.evidence } : {}),
          });
      }
    }
    if (!reasons.size) return { candidates, notified: 0 };

    const type = `alert.${subject.kind}`;
    const idKey = subject.kind === 'challenge' ? 'challengeId' : 'topicId';
    const payload =
      subject.kind === 'challenge'
        ? { challengeId: subject.id, title: subject.title, summary: subject.summary }
        : { topicId: subject.id, title: subject.title };
    const items = [...reasons]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([userId, rs]) => {
        rs.sort((a, b) => b.score - a.score);
        return { userId, payload: { ...payload, score: rs[0]!.score, reasons: rs } };
      });
    // Once per user and posting, even when the job runs again after a failure or a crash.
    const rows = await db.transaction((tx) => notifier.recordEach(tx, type, items, { oncePer: idKey }));
    notifier.deliver(rows);
    log.info({ [idKey]: subject.id, candidates, notified: rows.length }, `${subject.kind} alerts sent`);
    return { candidates, notified: rows.length };
  }

  return {
    async challengePublished(challengeId) {
      const [c] = await db.select().from(challenges).where(eq(challenges.id, challengeId));
      // Still open to proposals when the job runs (a retry may come after the next transition).
      if (!c || (c.state !== 'published' && c.state !== 'matching')) return { candidates: 0, notified: 0 };
      // NDA postings are matched on their public part only, like the search index does.
      const body =
        c.confidentiality === 'nda'
          ? c.summary
          : [c.summary, c.background, c.goals, c.deliverables].join('\n');
      const fields = {
        disciplines: c.disciplines,
        skills: c.skills,
        region: c.region,
        kind: c.kind,
        degreeType: c.degreeType,
        degreeLevel: c.degreeLevel,
        industry: c.industry,
        orgId: c.orgId,
        confidentiality: c.confidentiality,
      };
      return run(
        {
          kind: 'challenge',
          id: c.id,
          orgId: c.orgId,
          title: c.title,
          summary: c.summary,
          text: [c.title, body].join('\n'),
          skills: c.skills,
          disciplines: c.disciplines,
          fields,
        },
        true,
      );
    },
    async topicOpened(topicId) {
      const [t] = await db.select().from(thesisTopics).where(eq(thesisTopics.id, topicId));
      if (!t || t.state !== 'open') return { candidates: 0, notified: 0 };
      return run(
        {
          kind: 'topic',
          id: t.id,
          orgId: t.orgId,
          title: t.title,
          summary: t.description,
          text: [t.title, t.description].join('\n'),
          skills: [],
          disciplines: t.disciplines,
          fields: { disciplines: t.disciplines, degreeType: t.degreeType, orgId: t.orgId, cohort: t.cohort },
        },
        false,
      );
    },
  };
}

/** Active pool members with an account (their profiles are read from the search index). */
async function mentorProfiles(db: Db): Promise<{ id: string; userId: string }[]> {
  const rows = await db
    .select({ id: mentors.id, userId: mentors.userId })
    .from(mentors)
    .where(and(eq(mentors.state, 'active'), isNotNull(mentors.userId)));
  return rows.map((m) => ({ id: m.id, userId: m.userId! }));
}
