import { describe, expect, it } from 'vitest';
import { IntMap } from '../../../search/embedded/int-map.ts';
import { Postings } from '../../../search/embedded/postings.ts';
import { createMemory, instantiateDotKernel } from '../../../search/embedded/simd-kernel.ts';
import { kthLargest, topBy, topByScore } from '../../../search/embedded/topk.ts';
import { boundedEditDistance, typoBudget } from '../../../search/embedded/typo.ts';
import { VectorStore } from '../../../search/embedded/vectors.ts';
import { rng } from '../../bench/stats.ts';

describe('int8 SIMD dot kernel', () => {
  it('computes the same int32 dot products as a plain loop', () => {
    const r = rng(3);
    const memory = createMemory();
    memory.grow(4);
    const dot = instantiateDotKernel(memory);
    const stride = 64;
    const n = 300;
    const q = new Int16Array(memory.buffer, 0, stride);
    const rows = new Int8Array(memory.buffer, 1024, n * stride);
    const out = new Int32Array(memory.buffer, 1024 + n * stride, n);
    for (let i = 0; i < stride; i++) q[i] = Math.round((r() - 0.5) * 65000);
    for (let i = 0; i < rows.length; i++) rows[i] = Math.round((r() - 0.5) * 254);
    dot(1024, 0, n, stride, 1024 + n * stride);
    for (let d = 0; d < n; d++) {
      let s = 0;
      for (let i = 0; i < stride; i++) s += rows[d * stride + i]! * q[i]!;
      expect(out[d]).toBe(s);
    }
  });
});

describe('VectorStore', () => {
  it('bounds the first-pass error of every row (any dims, including ones not a multiple of 32)', () => {
    const r = rng(5);
    for (const dims of [3, 37, 256]) {
      const store = new VectorStore(dims);
      const n = 200;
      store.ensureCapacity(n);
      for (let d = 0; d < n; d++)
        store.set(
          d,
          Array.from({ length: dims }, () => r() - 0.5),
        );
      const raw = Array.from({ length: dims }, () => r() - 0.5);
      const norm = Math.hypot(...raw);
      const q = Float32Array.from(raw, (x) => x / norm);
      const { dots, queryScale, queryNorm, queryResidual } = store.firstPass(q, n);
      expect(queryNorm).toBeCloseTo(1, 6);
      for (let d = 0; d < n; d++) {
        const approx = store.scales[d]! * queryScale * dots[d]!;
        const bound = store.residuals[d]! * queryNorm + (1 + store.residuals[d]!) * queryResidual;
        expect(Math.abs(approx - store.exact(d, q))).toBeLessThanOrEqual(bound);
      }
    }
  });

  it('gives a zero query exact zero scores with zero error', () => {
    const store = new VectorStore(4);
    store.set(0, [1, 2, 3, 4]);
    const pass = store.firstPass(new Float32Array(4), 1);
    expect([pass.dots[0], pass.queryNorm, pass.queryResidual]).toEqual([0, 0, 0]);
  });

  it('stores unit vectors and keeps a zero vector at zero', () => {
    const store = new VectorStore(2);
    store.set(0, [3, 4]);
    store.set(1, [0, 0]);
    expect([...store.vectorOf(0)]).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(store.exact(1, Float32Array.from([1, 0]))).toBe(0);
  });
});

describe('top-k selection', () => {
  it('matches a full sort, ties broken by document', () => {
    const r = rng(9);
    const n = 5000;
    const score = Float64Array.from({ length: n }, () => Math.round(r() * 50) / 50);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const sorted = [...all].sort((a, b) => score[b]! - score[a]! || a - b);
    for (const k of [1, 7, 100, 4999, 6000]) {
      expect([...topByScore(all, n, score, k)]).toEqual(sorted.slice(0, k));
      expect([...topBy(all, n, k, (a, b) => score[b]! - score[a]! || a - b)]).toEqual(sorted.slice(0, k));
    }
    expect(kthLargest(score, n, 100)).toBe(score[sorted[99]!]);
    expect(kthLargest(score, 3, 5)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('typo distance', () => {
  it('counts substitutions, insertions, deletions and swaps, stopping past the budget', () => {
    expect(boundedEditDistance('graph', 'graph', 2)).toBe(0);
    expect(boundedEditDistance('graph', 'grapj', 2)).toBe(1);
    expect(boundedEditDistance('graph', 'grpah', 2)).toBe(1);
    expect(boundedEditDistance('graph', 'graphs', 2)).toBe(1);
    expect(boundedEditDistance('manipulation', 'manpulaton', 2)).toBe(2);
    expect(boundedEditDistance('graph', 'xyz', 1)).toBe(2);
    expect([4, 5, 8, 9].map((n) => typoBudget('x'.repeat(n)))).toEqual([0, 1, 1, 2]);
  });
});

describe('IntMap', () => {
  it('behaves like a Map across growth', () => {
    const r = rng(1);
    const m = new IntMap(4);
    const ref = new Map<number, number>();
    for (let i = 0; i < 20000; i++) {
      const k = Math.floor(r() * 5000) * 7919;
      m.set(k, i);
      ref.set(k, i);
    }
    expect(m.size).toBe(ref.size);
    for (const [k, v] of ref) expect(m.get(k)).toBe(v);
    expect(m.get(1)).toBeUndefined();
  });
});

describe('Postings', () => {
  const list = (p: Postings, term: number) => {
    const out: [number, number][] = [];
    p.forEach(term, (d, tf) => out.push([d, tf]));
    return out.sort((a, b) => a[0] - b[0]);
  };

  it('seals the delta log into ascending CSR slices, dropping dead documents and renumbering', () => {
    const p = new Postings();
    const alive = new Uint8Array(10).fill(1);
    p.add(0, 0, 1);
    p.add(1, 0, 2);
    p.add(0, 1, 3);
    p.seal(alive, 2);
    p.add(0, 2, 4);
    p.add(2, 3, 5);
    expect(list(p, 0)).toEqual([
      [0, 1],
      [1, 3],
      [2, 4],
    ]);
    expect([p.tfOf(0, 1), p.tfOf(0, 2), p.tfOf(2, 3), p.tfOf(1, 3)]).toEqual([3, 4, 5, 0]);
    alive[1] = 0;
    p.seal(alive, 3);
    expect(p.deltaSize).toBe(0);
    expect(list(p, 0)).toEqual([
      [0, 1],
      [2, 4],
    ]);
    const [start, end] = p.sealedRange(0);
    expect([...p.docs.subarray(start, end)]).toEqual([0, 2]);
    // Renumber: term 1 is gone (→ -1), documents 0, 2, 3 become 0, 1, 2.
    p.seal(alive, 3, Int32Array.from([0, -1, 1]), Int32Array.from([0, -1, 1, 2]));
    expect(list(p, 0)).toEqual([
      [0, 1],
      [1, 4],
    ]);
    expect(list(p, 1)).toEqual([[2, 5]]);
  });
});
