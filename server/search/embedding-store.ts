import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { embeddingCache } from '../../db/schema/index.ts';
import type { EmbeddingCacheKey, EmbeddingCacheStore } from '../../search/embedders/cache.ts';

/** Persists embeddings in the database so restarts and other instances never re-embed unchanged text. */
export function dbEmbeddingStore(db: Db): EmbeddingCacheStore {
  return {
    async get(keys: EmbeddingCacheKey[]) {
      if (!keys.length) return [];
      const byModel = new Map<string, string[]>();
      for (const k of keys) byModel.set(k.model, [...(byModel.get(k.model) ?? []), k.contentHash]);
      const found = new Map<string, Float32Array>();
      for (const [model, hashes] of byModel) {
        const rows = await db
          .select()
          .from(embeddingCache)
          .where(and(eq(embeddingCache.model, model), inArray(embeddingCache.contentHash, hashes)));
        for (const r of rows) {
          const buf = r.vector;
          // Copy into an aligned buffer: driver buffers may start at any byte offset.
          const v = new Float32Array(buf.byteLength / 4);
          new Uint8Array(v.buffer).set(buf);
          found.set(`${model}\u0000${r.contentHash}`, v);
        }
      }
      return keys.map((k) => found.get(`${k.model}\u0000${k.contentHash}`));
    },
    async put(entries) {
      if (!entries.length) return;
      await db
        .insert(embeddingCache)
        .values(
          entries.map((e) => ({
            model: e.model,
            contentHash: e.contentHash,
            vector: Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength),
          })),
        )
        .onConflictDoNothing();
    },
  };
}
