import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { isAbort, searchApi, type DegreeType, type SearchIndex, type SearchResponse } from '../api/index.ts';

export const SEARCH_INDEXES: SearchIndex[] = ['challenges', 'mentors', 'capabilities', 'topics'];

/** Facets the search endpoint can also filter on, per index, and the query parameter each sets. */
export const FACET_PARAMS: Record<SearchIndex, Partial<Record<string, keyof SearchFilters>>> = {
  challenges: {
    disciplines: 'discipline',
    kind: 'kind',
    region: 'region',
    degreeType: 'degreeType',
    industry: 'industry',
  },
  mentors: { disciplines: 'discipline', kind: 'kind', region: 'region' },
  capabilities: { disciplines: 'discipline', kind: 'kind' },
  topics: { disciplines: 'discipline', degreeType: 'degreeType' },
};

export interface SearchFilters {
  discipline: string[];
  region: string;
  kind: string;
  degreeType: string;
  industry: string;
}

const PAGE = 20;
export const DEBOUNCE_MS = 200;

type QueryValue = LocationQuery[string] | undefined;
const one = (v: QueryValue): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: QueryValue): string[] =>
  (Array.isArray(v) ? v : v ? [v] : []).filter((x): x is string => typeof x === 'string' && x !== '');

/**
 * Instant search: as-you-type with a short debounce, stale requests aborted, state mirrored in the
 * URL (?q=&index=&discipline=…) so results can be shared and the back button works.
 */
export function useSearch() {
  const route = useRoute();
  const router = useRouter();

  const initialIndex = one(route.query.index) as SearchIndex;
  const index = ref<SearchIndex>(SEARCH_INDEXES.includes(initialIndex) ? initialIndex : 'challenges');
  const q = ref(one(route.query.q));
  const filters = reactive<SearchFilters>({
    discipline: many(route.query.discipline),
    region: one(route.query.region),
    kind: one(route.query.kind),
    degreeType: one(route.query.degreeType),
    industry: one(route.query.industry),
  });

  const result = shallowRef<SearchResponse | null>(null);
  const hits = shallowRef<SearchResponse['hits']>([]);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = shallowRef<unknown>(null);
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const params = (offset: number) => ({
    q: q.value.trim() || undefined,
    index: index.value,
    discipline: filters.discipline.length ? filters.discipline : undefined,
    region: filters.region || undefined,
    kind: filters.kind || undefined,
    degreeType: (filters.degreeType || undefined) as DegreeType | undefined,
    industry: filters.industry || undefined,
    limit: PAGE,
    offset,
  });

  async function execute(): Promise<void> {
    clearTimeout(timer);
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    error.value = null;
    const p = params(0);
    void router.replace({
      query: {
        ...(p.q ? { q: p.q } : {}),
        ...(index.value !== 'challenges' ? { index: index.value } : {}),
        ...(p.discipline ? { discipline: p.discipline } : {}),
        ...(p.region ? { region: p.region } : {}),
        ...(p.kind ? { kind: p.kind } : {}),
        ...(p.degreeType ? { degreeType: p.degreeType } : {}),
        ...(p.industry ? { industry: p.industry } : {}),
      },
    });
    try {
      const r = await searchApi.search(p, mine.signal);
      result.value = r;
      hits.value = r.hits;
    } catch (err) {
      if (isAbort(err)) return;
      error.value = err;
      result.value = null;
      hits.value = [];
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!result.value || loadingMore.value) return;
    loadingMore.value = true;
    try {
      const r = await searchApi.search(params(hits.value.length));
      hits.value = [...hits.value, ...r.hits];
    } catch (err) {
      error.value = err;
    } finally {
      loadingMore.value = false;
    }
  }

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void execute(), DEBOUNCE_MS);
  }

  function clearFilters(): void {
    filters.discipline = [];
    filters.region = '';
    filters.kind = '';
    filters.degreeType = '';
    filters.industry = '';
  }

  function toggleFacet(field: string, value: string): void {
    const param = FACET_PARAMS[index.value][field];
    if (!param) return;
    if (param === 'discipline') {
      filters.discipline = filters.discipline.includes(value)
        ? filters.discipline.filter((d) => d !== value)
        : [...filters.discipline, value];
    } else {
      filters[param] = filters[param] === value ? '' : value;
    }
  }

  function isActive(field: string, value: string): boolean {
    const param = FACET_PARAMS[index.value][field];
    if (!param) return false;
    return param === 'discipline' ? filters.discipline.includes(value) : filters[param] === value;
  }

  watch(q, schedule);
  watch(filters, () => void execute(), { deep: true });
  watch(index, () => {
    // Facet values mean different things per index (kind!), so switching starts clean.
    const before = JSON.stringify(filters);
    clearFilters();
    if (JSON.stringify(filters) === before) void execute();
  });
  onScopeDispose(() => {
    clearTimeout(timer);
    controller?.abort();
  });

  const activeCount = computed(
    () =>
      filters.discipline.length +
      [filters.region, filters.kind, filters.degreeType, filters.industry].filter(Boolean).length,
  );
  const hasMore = computed(() => !!result.value && hits.value.length < result.value.total);

  return {
    index,
    q,
    filters,
    result,
    hits,
    loading,
    loadingMore,
    error,
    activeCount,
    hasMore,
    execute,
    loadMore,
    clearFilters,
    toggleFacet,
    isActive,
  };
}
