import { createHash } from 'node:crypto';
import type { Embedder } from './embedder.ts';

/**
 * Embedding cache: wraps an Embedder so a text already embedded by the same model is never sent
 * again. Key = (model, sha256 of the text): editing a text or switching models re-embeds; an
 * unchanged text (the common case when the outbox re-indexes a row) costs nothing.
 *
 * Two tiers: an in-memory LRU, then an optional persistent store (the database layer implements
 * `EmbeddingCacheStore`, e.g. a table keyed by (model, content_hash)). Store errors propagate:
 * the caller (outbox worker) retries the whole job rather than silently re-embedding.
 */

export interface EmbeddingCacheKey {
  model: string;
  /** Hex sha256 of the UTF-8 text. */
  contentHash: string;
}

export interface EmbeddingCacheStore {
  /** One result per key, aligned; undefined = not stored. */
  get(keys: EmbeddingCacheKey[]): Promise<(Float32Array | undefined)[]>;
  put(entries: (EmbeddingCacheKey & { vector: Float32Array })[]): Promise<void>;
}

export interface EmbeddingCacheStats {
  /** Texts served from memory. */
  memoryHits: number;
  /** Texts served from the persistent store. */
  storeHits: number;
  /** Texts sent to the wrapped embedder. */
  misses: number;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Returned vectors are shared with the cache: treat them as read-only. */
export class CachingEmbedder implements Embedder {
  private readonly lru = new Map<string, Float32Array>();
  private readonly maxEntries: number;
  private readonly counters: EmbeddingCacheStats = { memoryHits: 0, storeHits: 0, misses: 0 };

  constructor(
    private readonly inner: Embedder,
    options: { maxEntries?: number; store?: EmbeddingCacheStore } = {},
  ) {
    this.maxEntries = Math.max(0, options.maxEntries ?? 20_000);
    this.store = options.store;
  }

  private readonly store: EmbeddingCacheStore | undefined;

  get model(): string {
    return this.inner.model;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  get stats(): EmbeddingCacheStats {
    return { ...this.counters };
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const model = this.inner.model; // read per call: the name is the key, and it may change
    const hashes = texts.map(contentHash);
    const out = new Array<Float32Array | undefined>(texts.length);
    const pending = new Map<string, number[]>(); // hash → positions still to fill (dedupes repeats)
    hashes.forEach((h, i) => {
      const hit = this.recall(`${model}\u0000${h}`);
      if (hit) {
        out[i] = hit;
        this.counters.memoryHits++;
      } else {
        const at = pending.get(h);
        if (at) at.push(i);
        else pending.set(h, [i]);
      }
    });

    if (pending.size > 0 && this.store) {
      const keys = [...pending.keys()];
      const stored = await this.store.get(keys.map((contentHash) => ({ model, contentHash })));
      keys.forEach((h, k) => {
        const v = stored[k];
        if (!v || v.length !== this.dimensions) return;
        this.remember(`${model}\u0000${h}`, v);
        for (const i of pending.get(h)!) {
          out[i] = v;
          this.counters.storeHits++;
        }
        pending.delete(h);
      });
    }

    if (pending.size > 0) {
      const hs = [...pending.keys()];
      const firstTexts = hs.map((h) => texts[pending.get(h)![0]!]!);
      const vectors = await this.inner.embed(firstTexts);
      hs.forEach((h, k) => {
        const v = vectors[k]!;
        this.remember(`${model}\u0000${h}`, v);
        for (const i of pending.get(h)!) out[i] = v;
        this.counters.misses += pending.get(h)!.length;
      });
      if (this.store)
        await this.store.put(hs.map((h, k) => ({ model, contentHash: h, vector: vectors[k]! })));
    }
    return out as Float32Array[];
  }

  private recall(key: string): Float32Array | undefined {
    const v = this.lru.get(key);
    if (v) {
      // Move to most-recently-used.
      this.lru.delete(key);
      this.lru.set(key, v);
    }
    return v;
  }

  private remember(key: string, v: Float32Array): void {
    if (this.maxEntries === 0) return;
    this.lru.delete(key);
    this.lru.set(key, v);
    while (this.lru.size > this.maxEntries) this.lru.delete(this.lru.keys().next().value!);
  }
}
