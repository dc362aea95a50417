import type { Logger } from 'pino';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enqueueIndex, type IndexedEntity } from '../../db/repositories/outbox.repository.ts';
import { searchMeta } from '../../db/schema/index.ts';
import { createEmbeddedEngine } from '../../search/embedded/index.ts';
import { CachingEmbedder } from '../../search/embedders/cache.ts';
import type { Embedder } from '../../search/embedders/embedder.ts';
import { loadOfflineEmbedder, type OfflineEmbedder } from '../../search/embedders/offline.ts';
import { createOpenAiEmbedder } from '../../search/embedders/openai.ts';
import type { SearchEngine } from '../../search/engine.ts';
import { INDEX, indexSettings, type IndexName } from '../../search/indexes.ts';
import { createMeilisearchEngine } from '../../search/meilisearch/engine.ts';
import type { Config } from '../config.ts';
import { OutboxWorker } from '../jobs/outbox-worker.ts';
import { allIds } from './documents.ts';
import { dbEmbeddingStore } from './embedding-store.ts';
import { disciplineSuggestions } from './disciplines.ts';
import { createMatcher, type Matcher } from '../../search/matcher/index.ts';

/** The search side of the app: engine, embedder and index sync, chosen by configuration. */
export interface SearchRuntime {
  engine: SearchEngine;
  embedder: Embedder;
  worker: OutboxWorker;
  matcher: Matcher;
  /** Ranked discipline suggestions (学科专业目录 2022) for any text. */
  suggestDisciplines: ReturnType<typeof disciplineSuggestions>;
  /** Re-creates indexes from the database (all, or the named ones) through the outbox. */
  rebuild(indexes?: IndexName[]): Promise<number>;
  close(): Promise<void>;
}

const ENTITY: Record<IndexName, IndexedEntity> = {
  challenges: 'challenge',
  mentors: 'mentor',
  capabilities: 'capability',
  topics: 'topic',
};

export interface SearchRuntimeOptions {
  config: Pick<Config, 'meilisearchUrl' | 'meilisearchApiKey' | 'openai'>;
  db: Db;
  log: Logger;
  /** Overrides for tests (e.g. an engine that fails on purpose). */
  engine?: SearchEngine;
  embedder?: Embedder;
}

export async function createSearchRuntime(o: SearchRuntimeOptions): Promise<SearchRuntime> {
  const { config, db, log } = o;
  const engine =
    o.engine ??
    (config.meilisearchUrl
      ? createMeilisearchEngine({
          url: config.meilisearchUrl,
          ...(config.meilisearchApiKey ? { apiKey: config.meilisearchApiKey } : {}),
        })
      : createEmbeddedEngine());
  // The runtime owns the offline embedder it loads (and its thread): close() stops it.
  let offline: OfflineEmbedder | undefined;
  const base =
    o.embedder ??
    (config.openai
      ? createOpenAiEmbedder({
          baseURL: config.openai.baseURL,
          apiKey: config.openai.apiKey,
          model: config.openai.model,
          dimensions: config.openai.dimensions,
        })
      : (offline = await loadOfflineEmbedder()));
  const embedder = new CachingEmbedder(base, {
    store: dbEmbeddingStore(db),
  });
  const worker = new OutboxWorker({ db, engine, embedder, log });

  const rebuild = async (indexes: IndexName[] = Object.values(INDEX)) => {
    let n = 0;
    for (const index of indexes) {
      const ids = await allIds(db, index);
      for (let i = 0; i < ids.length; i += 1000)
        await enqueueIndex(db, ENTITY[index], ids.slice(i, i + 1000));
      n += ids.length;
    }
    worker.kick();
    return n;
  };

  // Index settings are applied even when the engine is down: a failure is logged, and the first
  // successful pass of the worker finds the indexes ready.
  try {
    const settings = indexSettings(embedder.dimensions);
    for (const index of Object.values(INDEX)) await engine.ensureIndex(index, settings[index]);
  } catch (err) {
    log.error({ err }, 'search engine unavailable at start; writes are queued and indexed when it recovers');
  }

  // The embedded engine lives in memory, so it is rebuilt from the database on every start
  // (cached embeddings make that cheap). A server engine is rebuilt when the model changed.
  const [meta] = await db.select().from(searchMeta).where(eq(searchMeta.key, 'embedder_model'));
  if (engine.kind === 'embedded' || meta?.value !== embedder.model) {
    const n = await rebuild();
    if (engine.kind !== 'embedded')
      log.info(
        { from: meta?.value, to: embedder.model, documents: n },
        'embedding model changed: re-embedding in the background',
      );
    await db
      .insert(searchMeta)
      .values({ key: 'embedder_model', value: embedder.model })
      .onConflictDoUpdate({ target: searchMeta.key, set: { value: embedder.model, updatedAt: new Date() } });
  }
  worker.start();

  return {
    engine,
    embedder,
    worker,
    matcher: createMatcher({ engine, embedder }),
    suggestDisciplines: disciplineSuggestions(db, embedder),
    rebuild,
    close: async () => {
      await worker.stop();
      await engine.close();
      await offline?.close();
    },
  };
}
