import { ref, shallowRef, watch } from 'vue';
import {
  mentorsApi,
  type Mentor,
  type MentorCreate,
  type MentorKind,
  type MentorSummary,
  type PoolAction,
  type PoolState,
} from '../api/index.ts';
import { useCursorList } from './useCursorList.ts';

/** Pool actions offered in each state (server: poolMachine in services/workflows.ts). */
export const POOL_ACTIONS: Record<PoolState, PoolAction[]> = {
  applied: ['approve', 'reject'],
  active: ['suspend', 'exit'],
  suspended: ['reinstate', 'exit'],
  exited: ['reapply'],
};
/** The server refuses these without a reason. */
export const REASON_REQUIRED = new Set<PoolAction>(['reject', 'suspend']);

/** A university's mentor pool: filters, cursor list, vetting actions, capacity, history. */
export function useMentorPool(poolOrgId: string) {
  const states = ref<PoolState[]>([]);
  const kind = ref<MentorKind | ''>('');
  const q = ref('');
  const busy = ref<string | null>(null);
  const detail = shallowRef<Mentor | null>(null);

  const list = useCursorList((cursor) =>
    mentorsApi.list({
      poolOrgId,
      limit: 20,
      ...(cursor ? { cursor } : {}),
      ...(states.value.length ? { state: states.value } : {}),
      ...(kind.value ? { kind: kind.value } : {}),
      ...(q.value.trim() ? { q: q.value.trim() } : {}),
    }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch([states, kind], () => void list.reload());
  watch(q, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void list.reload(), 300);
  });

  const summaryOf = (m: Mentor): MentorSummary => {
    const rest: Partial<Mentor> = { ...m };
    delete rest.publications;
    delete rest.history;
    return rest as MentorSummary;
  };

  async function transition(m: MentorSummary, action: PoolAction, reason?: string): Promise<void> {
    busy.value = `${m.id}:${action}`;
    try {
      const next = await mentorsApi.transition(m.id, action, reason);
      list.replace((x) => x.id === m.id, summaryOf(next));
      if (detail.value?.id === m.id) detail.value = next;
    } finally {
      busy.value = null;
    }
  }

  async function setCapacity(m: MentorSummary, capacity: number): Promise<void> {
    busy.value = `${m.id}:capacity`;
    try {
      const next = await mentorsApi.update(m.id, { capacity });
      list.replace((x) => x.id === m.id, summaryOf(next));
    } finally {
      busy.value = null;
    }
  }

  async function add(input: Omit<MentorCreate, 'poolOrgId'>): Promise<Mentor> {
    const m = await mentorsApi.create({ ...input, poolOrgId });
    list.items.value = [summaryOf(m), ...list.items.value];
    return m;
  }

  async function open(m: MentorSummary): Promise<void> {
    detail.value = await mentorsApi.get(m.id);
  }

  return { list, states, kind, q, busy, detail, transition, setCapacity, add, open };
}
