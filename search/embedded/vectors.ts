import { createMemory, instantiateDotKernel, type DotI8, type WasmMemory } from './simd-kernel.ts';

const PAGE = 65536;
/** Slack added to every error bound: float32 rounding of the stored scale and residual. */
const SLOP = 1e-5;

/**
 * Unit vectors of one index, by internal document number, in one contiguous Float32Array
 * (exact values), plus an int8 copy in WebAssembly memory for the fast first pass.
 *
 * Every document row keeps its quantisation scale and the exact norm of its quantisation
 * residual r_d = ‖x − s·x̂‖, so |approx − exact| ≤ r_d·‖q‖ + (1 + r_d)·e_q, with e_q the
 * query's own residual (Cauchy–Schwarz on both error terms). Callers use those bounds to re-score exactly every document that could still
 * make the top k, which keeps results identical to an exact Float32 scan.
 */
export class VectorStore {
  readonly dims: number;
  /** Row length of the int8 copy, padded to the kernel's 32 lanes per iteration. */
  private readonly stride: number;
  private readonly qmax: number;
  capacity = 0;
  values = new Float32Array(0);
  has = new Uint8Array(0);
  private scale = new Float32Array(0);
  private residual = new Float32Array(0);
  private readonly memory: WasmMemory;
  private readonly kernel: DotI8;
  private queryOffset = 0;
  private rowsOffset = 0;
  private outOffset = 0;
  private rows = new Int8Array(0);
  private query = new Int16Array(0);
  private out = new Int32Array(0);

  constructor(dims: number) {
    this.dims = dims;
    this.stride = Math.ceil(dims / 32) * 32;
    // int16 query × int8 row summed over `stride` lanes must stay inside int32.
    this.qmax = Math.min(32767, Math.floor(2 ** 31 / (128 * this.stride)) - 1);
    this.memory = createMemory();
    this.kernel = instantiateDotKernel(this.memory);
    this.rowsOffset = Math.ceil((this.stride * 2) / 16) * 16;
    this.ensureCapacity(64);
  }

  ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const capacity = Math.max(n, Math.ceil(this.capacity * 1.5));
    const values = new Float32Array(capacity * this.dims);
    values.set(this.values);
    this.values = values;
    this.has = grow(this.has, capacity);
    this.scale = grow(this.scale, capacity);
    this.residual = grow(this.residual, capacity);
    // Layout: [query int16][rows int8 …][scores int32]; rows never move, scores are scratch.
    const outOffset = this.rowsOffset + capacity * this.stride;
    const bytes = outOffset + capacity * 4;
    const pages = Math.ceil(bytes / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (pages > 0) this.memory.grow(pages);
    this.capacity = capacity;
    this.outOffset = outOffset;
    this.views();
  }

  private views(): void {
    const buf = this.memory.buffer;
    this.query = new Int16Array(buf, this.queryOffset, this.stride);
    this.rows = new Int8Array(buf, this.rowsOffset, this.capacity * this.stride);
    this.out = new Int32Array(buf, this.outOffset, this.capacity);
  }

  /** Stores `vector` (any length-`dims` array) L2-normalised under `doc`. A zero vector is kept as zeros. */
  set(doc: number, vector: ArrayLike<number>): void {
    const d = this.dims;
    let norm = 0;
    for (let i = 0; i < d; i++) norm += vector[i]! * vector[i]!;
    norm = Math.sqrt(norm);
    const inv = norm > 0 ? 1 / norm : 0;
    const base = doc * d;
    let max = 0;
    for (let i = 0; i < d; i++) {
      const x = Math.fround(vector[i]! * inv);
      this.values[base + i] = x;
      max = Math.max(max, Math.abs(x));
    }
    const s = Math.fround(max / 127) || 1;
    const row = doc * this.stride;
    let r = 0;
    for (let i = 0; i < d; i++) {
      const x = this.values[base + i]!;
      const q = Math.round(x / s);
      this.rows[row + i] = q;
      r += (x - s * q) ** 2;
    }
    this.scale[doc] = s;
    this.residual[doc] = Math.sqrt(r);
    this.has[doc] = 1;
  }

  remove(doc: number): void {
    if (!this.has[doc]) return;
    this.has[doc] = 0;
    this.values.fill(0, doc * this.dims, (doc + 1) * this.dims);
    this.rows.fill(0, doc * this.stride, (doc + 1) * this.stride);
  }

  /** Moves `from` to `to` (compaction; to ≤ from). */
  move(from: number, to: number): void {
    if (from === to) return;
    this.values.copyWithin(to * this.dims, from * this.dims, (from + 1) * this.dims);
    this.rows.copyWithin(to * this.stride, from * this.stride, (from + 1) * this.stride);
    this.has[to] = this.has[from]!;
    this.scale[to] = this.scale[from]!;
    this.residual[to] = this.residual[from]!;
  }

  /** Forgets rows ≥ n (after compaction or clear). */
  truncate(n: number): void {
    this.has.fill(0, n);
    this.values.fill(0, n * this.dims);
    this.rows.fill(0, n * this.stride);
  }

  /** Copies row `doc` into a new plain vector. */
  vectorOf(doc: number): Float32Array {
    return this.values.slice(doc * this.dims, (doc + 1) * this.dims);
  }

  /** Exact cosine of a stored unit row with a unit query. */
  exact(doc: number, query: Float32Array): number {
    const v = this.values;
    const base = doc * this.dims;
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < this.dims; i += 2) {
      s0 += v[base + i]! * query[i]!;
      s1 += v[base + i + 1]! * query[i + 1]!;
    }
    if (i < this.dims) s0 += v[base + i]! * query[i]!;
    return s0 + s1;
  }

  /** Quantisation scale and residual norm per row (see the class comment). */
  get scales(): Float32Array {
    return this.scale;
  }

  get residuals(): Float32Array {
    return this.residual;
  }

  /**
   * First pass over rows [0, n): int8 dot products with the quantised query. The approximate
   * cosine of row d is scales[d] · queryScale · dots[d], within ± residuals[d] · queryNorm +
   * (1 + residuals[d]) · queryResidual of the exact one. Rows without a vector are 0.
   */
  firstPass(
    query: Float32Array,
    n: number,
  ): { dots: Int32Array; queryScale: number; queryNorm: number; queryResidual: number } {
    let max = 0;
    let norm = 0;
    for (let i = 0; i < this.dims; i++) {
      max = Math.max(max, Math.abs(query[i]!));
      norm += query[i]! * query[i]!;
    }
    const queryScale = max / this.qmax || 1;
    let eq = 0;
    for (let i = 0; i < this.stride; i++) {
      const x = i < this.dims ? query[i]! : 0;
      const q = Math.round(x / queryScale);
      this.query[i] = q;
      eq += (x - queryScale * q) ** 2;
    }
    this.kernel(this.rowsOffset, this.queryOffset, n, this.stride, this.outOffset);
    // A zero query (a text the embedder knows no word of) scores exactly 0 everywhere.
    if (norm === 0) return { dots: this.out, queryScale, queryNorm: 0, queryResidual: 0 };
    return { dots: this.out, queryScale, queryNorm: Math.sqrt(norm), queryResidual: Math.sqrt(eq) + SLOP };
  }
}

function grow<T extends Float32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
