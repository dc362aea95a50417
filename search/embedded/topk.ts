/**
 * Partial selection of the best k candidates with a bounded binary heap: O(n log k) instead
 * of sorting all n hits (n can be the whole index for vector or placeholder searches).
 */

/** Best `k` of `candidates[0, n)` by `score[doc]` descending, ties by document ascending. */
export function topByScore(candidates: Int32Array, n: number, score: Float64Array, k: number): Int32Array {
  const compare = (a: number, b: number) => score[b]! - score[a]! || a - b;
  if (k <= 0 || n === 0) return new Int32Array(0);
  if (k >= n) return candidates.slice(0, n).sort(compare);
  // Most candidates lose to the current k-th best on score alone: test that inline first.
  const heap = new Int32Array(k);
  let size = 0;
  let worstScore = Number.POSITIVE_INFINITY;
  let worstDoc = -1;
  for (let i = 0; i < n; i++) {
    const d = candidates[i]!;
    const s = score[d]!;
    if (size === k && (s < worstScore || (s === worstScore && d > worstDoc))) continue;
    if (size < k) {
      heap[size++] = d;
      siftUp(heap, size - 1, compare);
    } else {
      heap[0] = d;
      siftDown(heap, size, compare);
    }
    worstDoc = heap[0]!;
    worstScore = score[worstDoc]!;
  }
  return heap.sort(compare);
}

/** Heap with the worst element on top: move the element at `i` up. */
function siftUp(heap: Int32Array, i: number, compare: (a: number, b: number) => number): void {
  const x = heap[i]!;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (compare(x, heap[p]!) <= 0) break;
    heap[i] = heap[p]!;
    i = p;
  }
  heap[i] = x;
}

/** Heap with the worst element on top: move the root down. */
function siftDown(heap: Int32Array, size: number, compare: (a: number, b: number) => number): void {
  let i = 0;
  const x = heap[0]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && compare(heap[c + 1]!, heap[c]!) > 0) c++;
    if (compare(heap[c]!, x) <= 0) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = x;
}

/** The k-th largest of `values[0, n)` (−∞ when n < k). */
export function kthLargest(values: Float64Array, n: number, k: number): number {
  if (k <= 0 || n < k) return Number.NEGATIVE_INFINITY;
  // Min-heap of the k largest values seen; a sorted array is a valid min-heap to start from.
  const heap = values.slice(0, k).sort();
  for (let i = k; i < n; i++) {
    const v = values[i]!;
    if (v <= heap[0]!) continue;
    let j = 0;
    for (;;) {
      let c = 2 * j + 1;
      if (c >= k) break;
      if (c + 1 < k && heap[c + 1]! < heap[c]!) c++;
      if (heap[c]! >= v) break;
      heap[j] = heap[c]!;
      j = c;
    }
    heap[j] = v;
  }
  return heap[0]!;
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
  const heap = new Int32Array(k);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const d = candidates[i]!;
    if (size < k) {
      heap[size++] = d;
      siftUp(heap, size - 1, compare);
    } else if (compare(d, heap[0]!) < 0) {
      heap[0] = d;
      siftDown(heap, size, compare);
    }
  }
  return heap.sort(compare);
}
