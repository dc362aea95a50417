import { createEmbeddedEngine } from '../../search/embedded/index.ts';
import { SearchUnavailableError, type SearchEngine } from '../../search/engine.ts';

/**
 * The real embedded engine behind a switch that simulates an outage: while `down`, every call
 * fails the way an unreachable Meilisearch does. Used to prove writes survive search outages.
 */
export function switchableEngine(): SearchEngine & { down: boolean } {
  const real = createEmbeddedEngine();
  const wrapper = { down: false } as SearchEngine & { down: boolean };
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      if (wrapper.down) throw new SearchUnavailableError('search engine unreachable (simulated outage)');
      return fn(...a);
    };
  Object.assign(wrapper, {
    kind: real.kind,
    ensureIndex: guard(real.ensureIndex.bind(real)),
    upsert: guard(real.upsert.bind(real)),
    delete: guard(real.delete.bind(real)),
    clear: guard(real.clear.bind(real)),
    search: guard(real.search.bind(real)),
    get: guard(real.get.bind(real)),
    count: guard(real.count.bind(real)),
    health: guard(real.health.bind(real)),
    close: () => real.close(),
  });
  return wrapper;
}
