import { ref, shallowRef, type Ref } from 'vue';

/** Runs a loader and tracks loading / error / data; `run` again to reload. */
export function useAsync<T>(loader: () => Promise<T>, opts: { immediate?: boolean } = {}) {
  const data = shallowRef<T | null>(null) as Ref<T | null>;
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  let seq = 0;

  async function run(): Promise<T | null> {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const v = await loader();
      if (mine === seq) data.value = v;
      return v;
    } catch (err) {
      if (mine === seq) error.value = err;
      return null;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  if (opts.immediate !== false) void run();
  return { data, loading, error, run };
}
