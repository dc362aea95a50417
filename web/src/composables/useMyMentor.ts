import { ref, shallowRef } from 'vue';
import {
  mentorsApi,
  type Mentor,
  type MentorApply,
  type MentorUpdate,
  type PoolAction,
  type PublicationInput,
} from '../api/index.ts';

/**
 * The signed-in mentor's own pool record(s), from GET /mentors/me: one per university pool they
 * belong to. `current` is the one the page edits — the first that has not exited.
 */
export function useMyMentor() {
  const records = shallowRef<Mentor[]>([]);
  const current = shallowRef<Mentor | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const busy = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      records.value = (await mentorsApi.me()).items;
      const keep = current.value && records.value.find((m) => m.id === current.value!.id);
      current.value = keep ?? records.value.find((m) => m.state !== 'exited') ?? records.value[0] ?? null;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  /** Switches the record the page shows (for someone in several pools). */
  function select(id: string): void {
    current.value = records.value.find((m) => m.id === id) ?? current.value;
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
  /** Several publications in one request: the server writes all of them or none. */
  const importPublications = (list: PublicationInput[]) =>
    run('import', () => mentorsApi.addPublications(current.value!.id, list));
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
    select,
    apply,
    update,
    addPublication,
    importPublications,
    deletePublication,
    transition,
  };
}
