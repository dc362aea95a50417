import os from 'node:os';

/** Shared helpers so every benchmark reports the same figures: size, machine, p50/p95/p99, memory. */

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function summarise(samplesMs: number[]): LatencySummary {
  const s = [...samplesMs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), mean };
}

/** Runs `fn` for each input sequentially, returning per-call latencies in ms. */
export async function timeEach<T>(
  inputs: T[],
  fn: (input: T) => Promise<unknown> | unknown,
): Promise<number[]> {
  const out: number[] = [];
  for (const input of inputs) {
    const t0 = performance.now();
    await fn(input);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Runs `inputs` through `fn` with `clients` concurrent loops; latencies in ms. */
export async function timeConcurrent<T>(
  inputs: T[],
  clients: number,
  fn: (input: T) => Promise<unknown> | unknown,
): Promise<number[]> {
  const out: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < inputs.length) {
        const input = inputs[next++]!;
        const t0 = performance.now();
        await fn(input);
        out.push(performance.now() - t0);
      }
    }),
  );
  return out;
}

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** Full collection before a memory reading (the runner starts benches with --expose-gc). */
export const gc = () => (globalThis as { gc?: () => void }).gc?.();

export function memoryMiB(): Memory {
  const m = process.memoryUsage();
  const mib = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
  return { rss: mib(m.rss), heapUsed: mib(m.heapUsed), external: mib(m.external + m.arrayBuffers) };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** The memory a build added: after, then before with `note`. */
export function memoryAfterBuild(before: Memory, after: Memory, note: string): string {
  return (
    `memory after build: rss ${after.rss} MiB, heap ${after.heapUsed} MiB, external+arrayBuffers ${after.external} MiB ` +
    `(before: rss ${before.rss}, heap ${before.heapUsed}, external ${before.external}; ${note})`
  );
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : '-');

export interface LatencyRow {
  name: string;
  summary: LatencySummary;
  note?: string;
}

/**
 * One query case, measured alike in every bench: a warm-up on the first 20 inputs, each input
 * alone (through `single` when it records per-call figures; `note` is read after that pass),
 * then all inputs from 8 concurrent clients.
 */
export async function latencyRows<T>(
  name: string,
  inputs: T[],
  run: (input: T) => Promise<unknown>,
  opts: { single?: (input: T) => Promise<unknown>; note?: () => string } = {},
): Promise<LatencyRow[]> {
  for (const input of inputs.slice(0, 20)) await run(input);
  const single = await timeEach(inputs, opts.single ?? run);
  const note = opts.note?.();
  const concurrent = await timeConcurrent(inputs, 8, run);
  return [
    { name, summary: summarise(single), ...(note ? { note } : {}) },
    {
      name: `${name}, 8 clients`,
      summary: summarise(concurrent),
      note: 'one event loop: latency includes queueing',
    },
  ];
}

/** Prints one table row per case: name, n, p50, p95, p99 (ms). */
export function printTable(title: string, rows: LatencyRow[]): void {
  console.log(`\n## ${title}`);
  console.log('| case | n | p50 ms | p95 ms | p99 ms | note |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    const s = r.summary;
    console.log(`| ${r.name} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${r.note ?? ''} |`);
  }
}

/** A uniform element of `xs` and a uniform integer in [lo, hi], both drawn from `rand`. */
export function draws(rand: () => number) {
  return {
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!,
    int: (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1)),
  };
}

/** Deterministic PRNG (mulberry32) so generated benchmark data is the same every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
