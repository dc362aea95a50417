/**
 * Partial selection of the best k candidates with a bounded binary heap: O(n log k) instead
 * of sorting all n hits (n can be the whole index for vector or placeholder searches).
 */

/** Best `k` of `candidates[0, n)` by `score[doc]` descending, ties by document ascending. */
export function topByScore(
  candidates: Int32Array,
  n: number,
  score: Float64Array | Float32Array,
  k: number,
): Int32Array {
  return topBy(candidates, n, k, (a, b) => score[b]! - score[a]! || a - b);
}

/** Best `k` of `candidates[0, n)` by `compare` (negative = a ranks first), returned in rank order. */
export function topBy(
  candidates: Int32Array,
  n: number,
  k: number,
  compare: (a: number, b: number) => number,
): Int32Array {
  if (k <= 0 || n === 0) return new Int32Array(0);
  if (k >= n) return candidates.slice(0, n).sort(compare);
  // Max-heap on "worse": the root is the worst of the best k kept so far.
  const heap = new Int32Array(k);
  let size = 0;
  const worse = (a: number, b: number) => compare(a, b) > 0;
  const siftUp = (i: number) => {
    const x = heap[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(x, heap[p]!)) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = x;
  };
  const siftDown = (i: number) => {
    const x = heap[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && worse(heap[c + 1]!, heap[c]!)) c++;
      if (!worse(heap[c]!, x)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = x;
  };
  for (let i = 0; i < n; i++) {
    const d = candidates[i]!;
    if (size < k) {
      heap[size] = d;
      siftUp(size++);
    } else if (compare(d, heap[0]!) < 0) {
      heap[0] = d;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}
