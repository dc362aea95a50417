import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import { ApiError, isAbort, matchApi, type MatchResult, type MatchTarget } from '../api/index.ts';

export type MatchStatus = 'idle' | 'loading' | 'ready' | 'unavailable' | 'error';

/** Below this much text the matcher has too little to go on. */
export const MIN_MATCH_TEXT = 12;
const DEBOUNCE_MS = 600;

/**
 * Live matching while a challenge is being written: POST /match/preview with the draft's text,
 * debounced, stale requests aborted. A 404 (route not deployed yet) is a clear "unavailable"
 * state rather than an error, and stops further calls until the target changes.
 */
export function useMatchPreview(
  text: Ref<string>,
  target: Ref<MatchTarget>,
  extra: Ref<{ skills?: string[]; disciplines?: string[] }>,
  limit = 6,
) {
  const results = shallowRef<MatchResult[]>([]);
  const status = ref<MatchStatus>('idle');
  const error = shallowRef<unknown>(null);
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function run(): Promise<void> {
    const body = text.value.trim();
    controller?.abort();
    if (body.length < MIN_MATCH_TEXT) {
      results.value = [];
      status.value = 'idle';
      return;
    }
    const mine = new AbortController();
    controller = mine;
    status.value = 'loading';
    try {
      const r = await matchApi.preview(
        { text: body.slice(0, 5000), target: target.value, limit },
        mine.signal,
      );
      results.value = r.results;
      status.value = 'ready';
      error.value = null;
    } catch (err) {
      if (isAbort(err)) return;
      results.value = [];
      error.value = err;
      status.value =
        err instanceof ApiError && (err.status === 404 || err.status === 501) ? 'unavailable' : 'error';
    }
  }

  function schedule(): void {
    if (status.value === 'unavailable') return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), DEBOUNCE_MS);
  }

  watch([text, () => JSON.stringify(extra.value)], schedule);
  watch(target, () => {
    status.value = 'idle';
    void run();
  });
  onScopeDispose(() => {
    clearTimeout(timer);
    controller?.abort();
  });

  return { results, status, error, run };
}
