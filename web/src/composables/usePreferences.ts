import { computed, ref, shallowRef } from 'vue';
import { ApiError, studentsApi, topicsApi, type Student, type Topic, type TopicState } from '../api/index.ts';
import { useSession } from '../stores/session.ts';
import { useCursorList } from './useCursorList.ts';

export interface RankedTopic {
  topicId: string;
  title: string;
  state: TopicState;
}

/**
 * A student's ranked thesis-topic choices. The whole ranking is sent on save (PUT with ordered
 * topicIds); the server names each refused topic as `fields['topicIds.N']`, which we pin to the
 * topic that was at position N when we saved.
 */
export function usePreferences() {
  const session = useSession();
  const student = shallowRef<Student | null>(null);
  const ranked = ref<RankedTopic[]>([]);
  const maxPreferences = ref(10);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const saving = ref(false);
  const dirty = ref(false);
  /** topicId → why the server refused it at the last save. */
  const refusals = ref<Record<string, string>>({});
  const formError = ref<string | null>(null);

  const topics = useCursorList((cursor) =>
    topicsApi.list({
      state: ['open'],
      limit: 50,
      ...(session.studentOrgId ? { orgId: session.studentOrgId } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  );

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [s, prefs] = await Promise.all([studentsApi.me(), studentsApi.preferences(), topics.reload()]);
      student.value = s;
      maxPreferences.value = prefs.maxPreferences;
      ranked.value = prefs.items.map(({ topicId, title, state }) => ({ topicId, title, state }));
      dirty.value = false;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  const rankedIds = computed(() => new Set(ranked.value.map((r) => r.topicId)));
  const full = computed(() => ranked.value.length >= maxPreferences.value);

  function changed(): void {
    dirty.value = true;
    formError.value = null;
  }

  function add(t: Topic): void {
    if (rankedIds.value.has(t.id) || full.value) return;
    ranked.value = [...ranked.value, { topicId: t.id, title: t.title, state: t.state }];
    changed();
  }

  function remove(index: number): void {
    const [gone] = ranked.value.splice(index, 1);
    if (gone) {
      const rest = { ...refusals.value };
      delete rest[gone.topicId];
      refusals.value = rest;
    }
    changed();
  }

  function move(from: number, to: number): void {
    const list = [...ranked.value];
    const [item] = list.splice(from, 1);
    if (!item) return;
    list.splice(to, 0, item);
    ranked.value = list;
    changed();
  }

  /** Client-side hint only; the server decides. */
  function mismatch(t: Topic): 'cohort' | 'degreeType' | null {
    const s = student.value;
    if (!s) return null;
    if (t.cohort !== s.cohort) return 'cohort';
    if (t.degreeType !== s.degreeType) return 'degreeType';
    return null;
  }

  async function save(): Promise<boolean> {
    saving.value = true;
    const sent = ranked.value.map((r) => r.topicId);
    try {
      const prefs = await studentsApi.setPreferences(sent);
      ranked.value = prefs.items.map(({ topicId, title, state }) => ({ topicId, title, state }));
      refusals.value = {};
      formError.value = null;
      dirty.value = false;
      return true;
    } catch (err) {
      const next: Record<string, string> = {};
      if (err instanceof ApiError) {
        for (const [key, msg] of Object.entries(err.fields)) {
          const m = key.match(/^topicIds\.(\d+)$/);
          const id = m ? sent[Number(m[1])] : undefined;
          if (id) next[id] = msg;
          else formError.value = msg;
        }
        if (Object.keys(err.fields).length === 0) formError.value = err.message;
      } else {
        formError.value = err instanceof Error ? err.message : String(err);
      }
      refusals.value = next;
      return false;
    } finally {
      saving.value = false;
    }
  }

  return {
    student,
    ranked,
    maxPreferences,
    loading,
    error,
    saving,
    dirty,
    refusals,
    formError,
    topics,
    rankedIds,
    full,
    load,
    add,
    remove,
    move,
    mismatch,
    save,
  };
}
