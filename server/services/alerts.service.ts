/**
 * Alerts: when a challenge is published (or a thesis topic opens), tell the people it fits.
 *  - saved searches (query text, target, threshold in [0, 1], optional filters) of any user;
 *  - mentor profiles (active pool members with an account) for challenges, at `mentorThreshold`.
 * A user is alerted once per posting, with every reason that fired (which profile or saved search,
 * the affinity, the shared terms). Runs after the publishing transaction has committed and never
 * fails it: the caller logs errors and moves on.
 *
 * Affinity comes from one function, `scoreCandidates`: cosine similarity of the embedder's
 * vectors, clamped to [0, 1], plus the terms both texts contain. The matcher in search/matcher/
 * (calibrated, lexical and discipline evidence) replaces it there when it lands.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { orgUserIds } from '../../db/repositories/notifications.repository.ts';
import {
  challenges,
  mentors,
  notifications,
  publications,
  savedSearches,
  thesisTopics,
} from '../../db/schema/index.ts';
import type { Embedder } from '../../search/embedders/embedder.ts';
import { embeddingText } from '../../search/indexes.ts';
import { tokenize } from '../../search/text/tokenize.ts';
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
  embedder: Embedder;
  log: Logger;
  options?: Partial<AlertsOptions>;
}

export interface AlertOutcome {
  /** Profiles and saved searches scored. */
  candidates: number;
  /** Users notified (one notification each). */
  notified: number;
}

export interface Alerts {
  challengePublished(challengeId: string): Promise<AlertOutcome>;
  topicOpened(topicId: string): Promise<AlertOutcome>;
}

export interface Scored {
  /** Affinity in [0, 1]. */
  score: number;
  /** Terms of the candidate that also occur in the subject, in the candidate's order. */
  terms: string[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Words worth showing as evidence: two or more Han characters, or three or more letters. */
function evidenceTerms(text: string): string[] {
  return tokenize(text, 'query').filter((t) =>
    /\p{Script=Han}/u.test(t) ? Array.from(t).length >= 2 : /^\p{L}[\p{L}\d+#.-]{2,}$/u.test(t),
  );
}

/**
 * Affinity of each candidate text to the subject: cosine of the embeddings (unit vectors),
 * clamped to [0, 1], and the shared terms as the reason. The single place to switch to the matcher.
 */
export async function scoreCandidates(
  embedder: Embedder,
  subject: string,
  candidates: string[],
  maxTerms = defaultAlertsOptions.maxTerms,
): Promise<Scored[]> {
  if (!candidates.length) return [];
  const [s, ...vs] = await embedder.embed([subject, ...candidates]);
  const subjectTerms = new Set(evidenceTerms(subject));
  return vs.map((v, i) => {
    let dot = 0;
    for (let k = 0; k < v.length; k++) dot += v[k]! * s![k]!;
    const terms: string[] = [];
    for (const t of evidenceTerms(candidates[i]!))
      if (subjectTerms.has(t) && !terms.includes(t) && terms.length < maxTerms) terms.push(t);
    return { score: round3(Math.min(1, Math.max(0, dot))), terms };
  });
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
  text: string;
  fields: Record<string, unknown>;
}

export function createAlerts(deps: AlertsDeps): Alerts {
  const o = { ...defaultAlertsOptions, ...deps.options };
  const { db, notifier, embedder, log } = deps;

  async function run(subject: Subject, withMentors: boolean): Promise<AlertOutcome> {
    const searches = (
      await db.select().from(savedSearches).where(eq(savedSearches.target, subject.kind))
    ).filter((s) => filtersMatch(s.filters, subject.fields));
    const profiles = withMentors ? await mentorProfiles(db) : [];

    // The posting's own organisation already hears about it through the workflow notifications.
    const own = new Set(await orgUserIds(db, subject.orgId));
    const texts = [...searches.map((s) => s.query), ...profiles.map((p) => p.text)];
    const scored = await scoreCandidates(embedder, subject.text, texts, o.maxTerms);

    const reasons = new Map<string, AlertReason[]>();
    const add = (userId: string, r: AlertReason) => {
      if (own.has(userId)) return;
      const l = reasons.get(userId);
      if (l) l.push(r);
      else reasons.set(userId, [r]);
    };
    searches.forEach((s, i) => {
      const { score, terms } = scored[i]!;
      if (score >= s.threshold)
        add(s.userId, {
          source: 'saved_search',
          savedSearchId: s.id,
          name: s.name,
          score,
          threshold: s.threshold,
          terms,
        });
    });
    profiles.forEach((p, i) => {
      const { score, terms } = scored[searches.length + i]!;
      if (score >= o.mentorThreshold)
        add(p.userId, {
          source: 'mentor_profile',
          mentorId: p.id,
          score,
          threshold: o.mentorThreshold,
          terms,
        });
    });
    if (!reasons.size) return { candidates: texts.length, notified: 0 };

    const type = `alert.${subject.kind}`;
    const idKey = subject.kind === 'challenge' ? 'challengeId' : 'topicId';
    const rows = await db.transaction(async (tx) => {
      // Once per user and posting, even if the trigger fires twice.
      const already = await tx
        .select({ userId: notifications.userId })
        .from(notifications)
        .where(
          and(
            eq(notifications.type, type),
            inArray(notifications.userId, [...reasons.keys()]),
            sql`${notifications.payload}->>${idKey} = ${subject.id}`,
          ),
        );
      for (const a of already) reasons.delete(a.userId);
      const written = [];
      for (const [userId, rs] of reasons) {
        rs.sort((a, b) => b.score - a.score);
        const payload =
          subject.kind === 'challenge'
            ? { challengeId: subject.id, title: subject.title, summary: subject.summary }
            : { topicId: subject.id, title: subject.title };
        written.push(
          ...(await notifier.record(tx, [userId], type, { ...payload, score: rs[0]!.score, reasons: rs })),
        );
      }
      return written;
    });
    notifier.deliver(rows);
    log.info(
      { [idKey]: subject.id, candidates: texts.length, notified: rows.length },
      `${subject.kind} alerts sent`,
    );
    return { candidates: texts.length, notified: rows.length };
  }

  return {
    async challengePublished(challengeId) {
      const [c] = await db.select().from(challenges).where(eq(challenges.id, challengeId));
      if (!c || c.state !== 'published') return { candidates: 0, notified: 0 };
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
          text: embeddingText('challenges', { title: c.title, skills: c.skills, text: body }),
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
          text: embeddingText('topics', { title: t.title, description: t.description }),
          fields: { disciplines: t.disciplines, degreeType: t.degreeType, orgId: t.orgId, cohort: t.cohort },
        },
        false,
      );
    },
  };
}

/** Active pool members with an account, with the same profile text the search index embeds. */
async function mentorProfiles(db: Db): Promise<{ id: string; userId: string; text: string }[]> {
  const eligible = and(eq(mentors.state, 'active'), isNotNull(mentors.userId));
  const ms = await db
    .select({
      id: mentors.id,
      userId: mentors.userId,
      interests: mentors.interests,
      projects: mentors.projects,
    })
    .from(mentors)
    .where(eligible);
  if (!ms.length) return [];
  const pubs = await db
    .select({ mentorId: publications.mentorId, title: publications.title, abstract: publications.abstract })
    .from(publications)
    .innerJoin(mentors, eq(mentors.id, publications.mentorId))
    .where(eligible);
  const pubText = new Map<string, string[]>();
  for (const p of pubs) {
    const l = pubText.get(p.mentorId) ?? [];
    l.push(`${p.title}\n${p.abstract}`);
    pubText.set(p.mentorId, l);
  }
  return ms.map((m) => ({
    id: m.id,
    userId: m.userId!,
    text: embeddingText('mentors', {
      interests: m.interests,
      projects: m.projects,
      publicationText: (pubText.get(m.id) ?? []).join('\n'),
    }),
  }));
}
