import { ref, shallowRef } from 'vue';
import {
  challengesApi,
  mentorsApi,
  topicsApi,
  type Challenge,
  type MentorSummary,
  type Topic,
  type TopicAction,
  type TopicFields,
  type TopicState,
} from '../api/index.ts';
import { useCursorList } from './useCursorList.ts';

/** Who does what in each topic state: authors propose/withdraw, the graduate school reviews and opens. */
export const TOPIC_ACTIONS: Record<TopicState, { author: TopicAction[]; school: TopicAction[] }> = {
  draft: { author: ['propose', 'withdraw'], school: [] },
  returned: { author: ['propose', 'withdraw'], school: [] },
  proposed: { author: ['withdraw'], school: ['approve', 'return'] },
  approved: { author: ['withdraw'], school: ['open'] },
  open: { author: ['withdraw'], school: ['allocate', 'close'] },
  allocated: { author: [], school: ['close'] },
  closed: { author: [], school: [] },
  withdrawn: { author: [], school: [] },
};

/**
 * A university's thesis topics: list, create with a campus supervisor (this pool) and an industry
 * mentor (shared pool, any university), optionally from a published challenge; workflow actions.
 */
export function useTopics(orgId: string) {
  const states = ref<TopicState[]>([]);
  const busy = ref<string | null>(null);
  const supervisors = shallowRef<MentorSummary[]>([]);
  const industryMentors = shallowRef<MentorSummary[]>([]);
  const challenges = shallowRef<Challenge[]>([]);

  const list = useCursorList((cursor) =>
    topicsApi.list({
      orgId,
      limit: 20,
      ...(cursor ? { cursor } : {}),
      ...(states.value.length ? { state: states.value } : {}),
    }),
  );

  /** Options for the create form; industry mentors are searched as the user types. */
  async function loadOptions(): Promise<void> {
    const [sup, ind, ch] = await Promise.all([
      mentorsApi.list({ poolOrgId: orgId, kind: 'campus', state: ['active'], limit: 100 }),
      mentorsApi.list({ kind: 'industry', state: ['active'], limit: 50 }),
      challengesApi.list({ state: ['published', 'matching'], limit: 50 }),
    ]);
    supervisors.value = sup.items;
    industryMentors.value = ind.items;
    challenges.value = ch.items;
  }

  async function searchIndustryMentors(q: string): Promise<void> {
    industryMentors.value = (
      await mentorsApi.list({ kind: 'industry', state: ['active'], limit: 50, ...(q ? { q } : {}) })
    ).items;
  }

  async function create(input: TopicFields): Promise<Topic> {
    const t = await topicsApi.create(orgId, input);
    list.items.value = [t, ...list.items.value];
    return t;
  }

  async function transition(t: Topic, action: TopicAction, reason?: string): Promise<void> {
    busy.value = `${t.id}:${action}`;
    try {
      const next = await topicsApi.transition(t.id, action, reason);
      list.replace((x) => x.id === t.id, next);
    } finally {
      busy.value = null;
    }
  }

  return {
    list,
    states,
    busy,
    supervisors,
    industryMentors,
    challenges,
    loadOptions,
    searchIndustryMentors,
    create,
    transition,
  };
}
