import { CachingEmbedder, type EmbeddingCacheStore } from './cache.ts';
import type { Embedder } from './embedder.ts';
import { loadOfflineEmbedder } from './offline.ts';
import { OpenAiEmbedder, type OpenAiEmbedderOptions } from './openai.ts';

/**
 * The one place configuration turns into an Embedder: the offline model by default, an
 * OpenAI-compatible endpoint when configured — always behind the content-hash cache, so the
 * outbox worker never re-embeds unchanged text and a model switch re-embeds everything.
 */

export type EmbedderConfig =
  { kind: 'offline'; modelPath?: string } | ({ kind: 'openai' } & OpenAiEmbedderOptions);

export interface CreateEmbedderOptions {
  /** In-memory LRU size (vectors). Default 20,000. */
  cacheEntries?: number;
  /** Persistent cache tier, e.g. a database table keyed by (model, content hash). */
  store?: EmbeddingCacheStore;
}

export async function createEmbedder(
  config: EmbedderConfig,
  options: CreateEmbedderOptions = {},
): Promise<CachingEmbedder> {
  let inner: Embedder;
  switch (config.kind) {
    case 'offline':
      inner = await loadOfflineEmbedder(config.modelPath ? { modelPath: config.modelPath } : {});
      break;
    case 'openai': {
      const { kind: _kind, ...openai } = config;
      inner = new OpenAiEmbedder(openai);
      break;
    }
  }
  return new CachingEmbedder(inner, { maxEntries: options.cacheEntries, store: options.store });
}

export { CachingEmbedder, contentHash } from './cache.ts';
export type { EmbeddingCacheKey, EmbeddingCacheStats, EmbeddingCacheStore } from './cache.ts';
export { EmbeddingError } from './embedder.ts';
export type { Embedder } from './embedder.ts';
export { loadOfflineEmbedder, OfflineEmbedder } from './offline.ts';
export { OpenAiEmbedder } from './openai.ts';
export type { OpenAiEmbedderOptions } from './openai.ts';
