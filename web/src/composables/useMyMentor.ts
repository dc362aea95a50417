import { ref, shallowRef } from 'vue';
import {
  mentorsApi,
  type Mentor,
  type MentorApply,
  type MentorUpdate,
  type PoolAction,
  type PublicationInput,
} from '../api/index.ts';
import { useSession } from '../stores/session.ts';
import { collectAll } from './useCursorList.ts';

/**
 * The signed-in mentor's own pool record(s). The API has no "my mentor record" route yet, so we
 * look the account up by name first (cheap, almost always right) and fall back to walking the
 * list visible to this account, matching on userId.
 */
export function useMyMentor() {
  const session = useSession();
  const records = shallowRef<Mentor[]>([]);
  const current = shallowRef<Mentor | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const busy = ref<string | null>(null);

  async function load(): Promise<void> {
    const me = session.me;
    if (!me) return;
    loading.value = true;
    error.value = null;
    try {
      const byName = await mentorsApi.list({ q: me.displayName, limit: 50 });
      let mine = byName.items.filter((m) => m.userId === me.id);
      if (mine.length === 0) {
        const all = await collectAll(
          (cursor) => mentorsApi.list({ limit: 100, ...(cursor ? { cursor } : {}) }),
          20,
        );
        mine = all.items.filter((m) => m.userId === me.id);
      }
      records.value = await Promise.all(mine.map((m) => mentorsApi.get(m.id)));
      current.value = records.value.find((m) => m.state !== 'exited') ?? records.value[0] ?? null;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  async function run<T extends Mentor>(key: string, fn: () => Promise<T>): Promise<T> {
    busy.value = key;
    try {
      const m = await fn();
      current.value = m;
      records.value = records.value.some((r) => r.id === m.id)
        ? records.value.map((r) => (r.id === m.id ? m : r))
        : [...records.value, m];
      return m;
    } finally {
      busy.value = null;
    }
  }

  const apply = (input: MentorApply) => run('apply', () => mentorsApi.apply(input));
  const update = (input: MentorUpdate) => run('update', () => mentorsApi.update(current.value!.id, input));
  const addPublication = (p: PublicationInput) =>
    run('publication', () => mentorsApi.addPublications(current.value!.id, [p]));
  const transition = (action: PoolAction, reason?: string) =>
    run(action, () => mentorsApi.transition(current.value!.id, action, reason));

  async function deletePublication(pubId: string): Promise<void> {
    const id = current.value!.id;
    busy.value = `pub:${pubId}`;
    try {
      await mentorsApi.deletePublication(id, pubId);
      await run('reload', () => mentorsApi.get(id));
    } finally {
      busy.value = null;
    }
  }

  return {
    records,
    current,
    loading,
    error,
    busy,
    load,
    apply,
    update,
    addPublication,
    deletePublication,
    transition,
  };
}
