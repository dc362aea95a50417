import { computed, ref, shallowRef, type Ref } from 'vue';
import type { Page } from '../api/index.ts';

/**
 * Cursor pagination ("load more") over any list endpoint: `fetchPage(cursor)` returns
 * `{ items, nextCursor }`. `reload()` starts over, e.g. when filters change.
 */
export function useCursorList<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([]) as Ref<T[]>;
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = shallowRef<unknown>(null);
  const loaded = ref(false);
  let seq = 0;

  async function reload(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(undefined);
      if (mine !== seq) return;
      items.value = page.items;
      nextCursor.value = page.nextCursor;
      loaded.value = true;
    } catch (err) {
      if (mine === seq) error.value = err;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return;
    const mine = seq;
    loadingMore.value = true;
    try {
      const page = await fetchPage(nextCursor.value);
      if (mine !== seq) return;
      items.value = [...items.value, ...page.items];
      nextCursor.value = page.nextCursor;
    } catch (err) {
      error.value = err;
    } finally {
      loadingMore.value = false;
    }
  }

  /** Swap one row in place after an action returned its new version. */
  function replace(match: (item: T) => boolean, next: T | null): void {
    items.value = next ? items.value.map((i) => (match(i) ? next : i)) : items.value.filter((i) => !match(i));
  }

  return {
    items,
    loading,
    loadingMore,
    error,
    loaded,
    hasMore: computed(() => nextCursor.value !== null),
    empty: computed(() => loaded.value && items.value.length === 0),
    reload,
    loadMore,
    replace,
  };
}

export type CursorList<T> = ReturnType<typeof useCursorList<T>>;

/** Walks every page (for client-side KPIs) up to `maxPages`; says whether it stopped early. */
export async function collectAll<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 50,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return { items, complete: true };
    cursor = page.nextCursor;
  }
  return { items, complete: false };
}
