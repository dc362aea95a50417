/**
 * A tiny WebAssembly assembler for the hand-written SIMD kernels (search/embedded/simd-kernel.ts,
 * search/embedders/projection-kernel.ts): LEB128 encoders, section framing, the opcodes they use,
 * and a typed handle on the runtime's WebAssembly object. Kernels are built from opcodes so the
 * product ships no toolchain and no binary blob.
 */

export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
export const name = (s: string) => [...uleb(s.length), ...Buffer.from(s, 'utf8')];
export const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
export const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

export const I32 = 0x7f;
export const V128 = 0x7b;
export const get = (i: number) => [0x20, i];
export const set = (i: number) => [0x21, i];
export const tee = (i: number) => [0x22, i];
export const i32const = (n: number) => [0x41, ...sleb(n)];
export const simd = (op: number) => [0xfd, ...uleb(op)];
export const I32_ADD = 0x6a;
export const I32_MUL = 0x6c;
export const I32_LT_U = 0x49;
export const I32_GE_U = 0x4f;
export const BLOCK = [0x02, 0x40];
export const LOOP = [0x03, 0x40];
export const END = 0x0b;
export const BR = 0x0c;
export const BR_IF = 0x0d;

/**
 * A module of one exported function `fn` taking `params` i32 arguments and returning nothing,
 * over an imported memory `env.memory`; `locals` are [count, type] runs numbered after the params.
 */
export function singleFunctionModule(
  fn: string,
  params: number,
  locals: [count: number, type: number][],
  body: number[],
): Uint8Array {
  const code = [...vec(locals), ...body];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(new Array<number[]>(params).fill([I32])), 0]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 1]])), // imported memory, ≥ 1 page
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name(fn), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

// The project compiles without DOM typings, and @types/node does not declare these classes.
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
/** Undefined only on a runtime without WebAssembly. */
export const webAssembly = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
