import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import { kpisApi, type KpiReport } from '../api/index.ts';
import { useLiveEvents } from './useNotifications.ts';

/**
 * The policy KPIs (DESIGN.md §1) from GET /api/v1/kpis — aggregates only, computed on the server —
 * for one university or for everyone. Refetched when the live channel says figures changed.
 */
export function useKpis(orgId: () => string | undefined) {
  const report = shallowRef<KpiReport | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    loading.value = report.value === null;
    error.value = null;
    try {
      report.value = await kpisApi.get(orgId());
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  watch(orgId, () => void load());
  const live = useLiveEvents();
  const off = live.onKpiUpdated(() => void load());
  onScopeDispose(off);

  return { report, loading, error, load, updatedAt: computed(() => live.kpiAt.value) };
}
