/**
 * WebAssembly SIMD kernel for the offline embedder's projection: acc += Σ w_f · row_f over a
 * text's features, rows int8, accumulator float32, 16 dimensions per iteration
 * (i8x16 → 4 × i32x4 → f32x4, multiply by the splatted weight, add). The JS loop costs
 * ~2.5 ns per multiply-add here; this one a fraction of that, which matters when the outbox
 * worker embeds 100k texts inside the build budget.
 *
 * Assembled from opcodes (search/wasm/assembler.ts) so no toolchain or binary blob
 * is needed. `axpy_i8(rows, idx, w, n, dims, acc)`: idx holds n int32 row numbers, w n float32
 * weights, each row `dims` bytes (a multiple of 16), acc `dims` float32 — all byte addresses.
 */

import {
  BLOCK,
  BR,
  BR_IF,
  END,
  I32,
  I32_ADD,
  I32_GE_U,
  I32_LT_U,
  I32_MUL,
  LOOP,
  V128,
  get,
  i32const,
  set,
  simd,
  singleFunctionModule,
  tee,
  uleb,
  webAssembly as wasm,
} from '../wasm/assembler.ts';

const I32_LOAD = [0x28, 2, 0];
const F32_LOAD = [0x2a, 2, 0];
const V128_LOAD = (offset: number) => [...simd(0x00), 0, ...uleb(offset)]; // align 1: a hint only
const V128_STORE = (offset: number) => [...simd(0x0b), 0, ...uleb(offset)];
const F32X4_SPLAT = simd(0x13);
const I16X8_EXTEND_LOW_I8X16_S = simd(0x87);
const I16X8_EXTEND_HIGH_I8X16_S = simd(0x88);
const I32X4_EXTEND_LOW_I16X8_S = simd(0xa7);
const I32X4_EXTEND_HIGH_I16X8_S = simd(0xa8);
const F32X4_CONVERT_I32X4_S = simd(0xfa);
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);

// params: 0 rows, 1 idx, 2 w, 3 n, 4 dims, 5 acc
// locals: 6 f (byte offset into idx/w), 7 end, 8 row, 9 c, 10 accp (i32); 11 wv, 12 lo, 13 hi (v128)
const LO = 12;
const HI = 13;
/** acc[offset/4 .. +4] += f32(extend(half of src)) · wv */
const lane = (src: number, high: boolean, offset: number) => [
  ...get(10),
  ...get(10),
  ...V128_LOAD(offset),
  ...get(src),
  ...(high ? I32X4_EXTEND_HIGH_I16X8_S : I32X4_EXTEND_LOW_I16X8_S),
  ...F32X4_CONVERT_I32X4_S,
  ...get(11),
  ...F32X4_MUL,
  ...F32X4_ADD,
  ...V128_STORE(offset),
];
// prettier-ignore
const body = [
  ...i32const(0), ...set(6),
  ...get(3), ...i32const(4), I32_MUL, ...set(7), // end = 4n
  ...BLOCK,
  ...LOOP,
  ...get(6), ...get(7), I32_GE_U, BR_IF, 1, // while (f < end)
  ...get(1), ...get(6), I32_ADD, ...I32_LOAD, ...get(4), I32_MUL, ...get(0), I32_ADD, ...set(8), // row = rows + idx[f]·dims
  ...get(2), ...get(6), I32_ADD, ...F32_LOAD, ...F32X4_SPLAT, ...set(11), // wv = splat(w[f])
  ...i32const(0), ...set(9),
  ...LOOP, // for c in 0, 16, … < dims
  ...get(8), ...get(9), I32_ADD, ...V128_LOAD(0), ...tee(HI),
  ...I16X8_EXTEND_LOW_I8X16_S, ...set(LO),
  ...get(HI), ...I16X8_EXTEND_HIGH_I8X16_S, ...set(HI),
  ...get(5), ...get(9), ...i32const(4), I32_MUL, I32_ADD, ...set(10), // accp = acc + 4c
  ...lane(LO, false, 0), ...lane(LO, true, 16), ...lane(HI, false, 32), ...lane(HI, true, 48),
  ...get(9), ...i32const(16), I32_ADD, ...tee(9), ...get(4), I32_LT_U, BR_IF, 0,
  END,
  ...get(6), ...i32const(4), I32_ADD, ...set(6),
  BR, 0,
  END,
  END,
  END,
];
const MODULE_BYTES = singleFunctionModule(
  'axpy_i8',
  6,
  [
    [5, I32],
    [3, V128],
  ],
  body,
);

const PAGE = 65536;

/**
 * The projection rows of one model in WebAssembly memory, with scratch space for one text's
 * features and its accumulator. `project` fills `out` with Σ w_f · row(idx_f).
 */
export interface ProjectionKernel {
  /** Room for this many features per call; larger texts are processed in slices. */
  readonly maxFeatures: number;
  project(idx: Int32Array, w: Float32Array, n: number, out: Float32Array): void;
}

/** Undefined when WebAssembly SIMD is unavailable or dims is not a multiple of 16 (callers fall back to JS). */
export function createProjectionKernel(rows: Int8Array, dims: number): ProjectionKernel | undefined {
  if (!wasm || dims % 16 !== 0 || !wasm.validate(MODULE_BYTES)) return undefined;
  const maxFeatures = 4096;
  const rowsAt = 0;
  const idxAt = rows.length + ((16 - (rows.length % 16)) % 16);
  const wAt = idxAt + maxFeatures * 4;
  const accAt = wAt + maxFeatures * 4;
  const bytes = accAt + dims * 4;
  const memory = new wasm.Memory({ initial: Math.ceil(bytes / PAGE), maximum: Math.ceil(bytes / PAGE) });
  const instance = new wasm.Instance(new wasm.Module(MODULE_BYTES), { env: { memory } });
  const axpy = instance.exports.axpy_i8 as (
    rows: number,
    idx: number,
    w: number,
    n: number,
    dims: number,
    acc: number,
  ) => void;
  const buf = memory.buffer;
  new Int8Array(buf, rowsAt, rows.length).set(rows);
  const idxView = new Int32Array(buf, idxAt, maxFeatures);
  const wView = new Float32Array(buf, wAt, maxFeatures);
  const accView = new Float32Array(buf, accAt, dims);
  return {
    maxFeatures,
    project(idx, w, n, out) {
      accView.fill(0);
      for (let start = 0; start < n; start += maxFeatures) {
        const m = Math.min(maxFeatures, n - start);
        idxView.set(idx.subarray(start, start + m));
        wView.set(w.subarray(start, start + m));
        axpy(rowsAt, idxAt, wAt, m, dims, accAt);
      }
      out.set(accView);
    },
  };
}
