import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../../search/embedders/embedder.ts';
import {
  CachingEmbedder,
  contentHash,
  type EmbeddingCacheKey,
  type EmbeddingCacheStore,
} from '../../../search/embedders/cache.ts';
import { createEmbedder } from '../../../search/embedders/index.ts';

/** A small deterministic embedder that records what it was asked to embed. */
class RecordingEmbedder implements Embedder {
  readonly dimensions = 3;
  calls: string[][] = [];
  constructor(public model = 'm1') {}
  embed(texts: string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    return Promise.resolve(
      texts.map((t) => {
        const v = Float32Array.from([t.length, (t.codePointAt(0) ?? 0) % 97, this.model.length]);
        const n = Math.hypot(...v);
        return v.map((x) => x / n);
      }),
    );
  }
}

class MapStore implements EmbeddingCacheStore {
  readonly rows = new Map<string, Float32Array>();
  gets = 0;
  private key(k: EmbeddingCacheKey): string {
    return `${k.model}|${k.contentHash}`;
  }
  get(keys: EmbeddingCacheKey[]): Promise<(Float32Array | undefined)[]> {
    this.gets++;
    return Promise.resolve(keys.map((k) => this.rows.get(this.key(k))));
  }
  put(entries: (EmbeddingCacheKey & { vector: Float32Array })[]): Promise<void> {
    for (const e of entries) this.rows.set(this.key(e), e.vector);
    return Promise.resolve();
  }
}

describe('CachingEmbedder', () => {
  it('hashes content with sha256', () => {
    expect(contentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('embeds only what it has not seen, and returns the same vectors', async () => {
    const inner = new RecordingEmbedder();
    const cache = new CachingEmbedder(inner);
    const first = await cache.embed(['锂电池', '水稻']);
    const second = await cache.embed(['水稻', '动力电池', '锂电池']);
    expect(inner.calls).toEqual([['锂电池', '水稻'], ['动力电池']]);
    expect(second[0]).toEqual(first[1]);
    expect(second[2]).toEqual(first[0]);
    expect(cache.stats).toEqual({ memoryHits: 2, storeHits: 0, misses: 3 });
  });

  it('embeds a text repeated within one batch once', async () => {
    const inner = new RecordingEmbedder();
    const out = await new CachingEmbedder(inner).embed(['同一', '同一', '另一', '同一']);
    expect(inner.calls).toEqual([['同一', '另一']]);
    expect(out[3]).toEqual(out[0]);
  });

  it('re-embeds when the model changes', async () => {
    const inner = new RecordingEmbedder('m1');
    const cache = new CachingEmbedder(inner);
    await cache.embed(['文本']);
    inner.model = 'm2-longer';
    const [v] = await cache.embed(['文本']);
    expect(inner.calls).toEqual([['文本'], ['文本']]);
    expect(cache.model).toBe('m2-longer');
    expect(v![2]).not.toBeCloseTo((await new RecordingEmbedder('m1').embed(['文本']))[0]![2]!, 3);
  });

  it('evicts the least recently used entry', async () => {
    const inner = new RecordingEmbedder();
    const cache = new CachingEmbedder(inner, { maxEntries: 2 });
    await cache.embed(['a']);
    await cache.embed(['b']);
    await cache.embed(['a']); // a is now most recent, b least
    await cache.embed(['c']); // evicts b
    inner.calls = [];
    await cache.embed(['a', 'c', 'b']);
    expect(inner.calls).toEqual([['b']]);
  });

  it('persists through the store so a new process does not re-embed', async () => {
    const store = new MapStore();
    const first = new RecordingEmbedder();
    const vectors = await new CachingEmbedder(first, { store }).embed(['产教融合', '导师']);
    expect([...store.rows.keys()]).toEqual([`m1|${contentHash('产教融合')}`, `m1|${contentHash('导师')}`]);

    const second = new RecordingEmbedder();
    const cache = new CachingEmbedder(second, { store });
    const again = await cache.embed(['导师', '产教融合', '新的']);
    expect(second.calls).toEqual([['新的']]);
    expect(again[0]).toEqual(vectors[1]);
    expect(cache.stats).toEqual({ memoryHits: 0, storeHits: 2, misses: 1 });
    // Served from memory now; the store is not asked again.
    const gets = store.gets;
    await cache.embed(['导师']);
    expect(store.gets).toBe(gets);
  });

  it('ignores a stored vector of the wrong length', async () => {
    const store = new MapStore();
    store.rows.set(`m1|${contentHash('旧')}`, new Float32Array([1, 0]));
    const inner = new RecordingEmbedder();
    const [v] = await new CachingEmbedder(inner, { store }).embed(['旧']);
    expect(inner.calls).toEqual([['旧']]);
    expect(v).toHaveLength(3);
    expect(store.rows.get(`m1|${contentHash('旧')}`)).toHaveLength(3);
  });
});

describe('createEmbedder', () => {
  it('builds the cached offline embedder by default configuration', async () => {
    const e = await createEmbedder({ kind: 'offline' });
    expect(e.model).toMatch(/^offline-csl-lsa-/);
    const [a] = await e.embed(['产教融合']);
    const [b] = await e.embed(['产教融合']);
    expect(b).toBe(a);
    expect(e.stats).toEqual({ memoryHits: 1, storeHits: 0, misses: 1 });
  });

  it('builds an OpenAI-compatible embedder whose identity carries model and dimensions', async () => {
    const e = await createEmbedder({
      kind: 'openai',
      baseURL: 'http://127.0.0.1:9/v1',
      model: 'bge-m3',
      dimensions: 8,
    });
    expect(e.model).toBe('openai:bge-m3@8');
    expect(e.dimensions).toBe(8);
  });
});
