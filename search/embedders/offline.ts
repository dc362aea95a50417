import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Embedder } from './embedder.ts';
import { EmbeddingError } from './embedder.ts';
import { decodeLsaModel, embedWithLsa, type LsaModel } from './lsa-model.ts';
import type { EmbedReply, EmbedRequest } from './offline-thread.ts';

/**
 * The default embedder: a latent semantic model trained on the CSL corpus (see train.ts) and
 * shipped in model/, so it runs with no download and no network. It captures co-occurrence
 * structure (锂电池 lands near 动力电池, far from 水稻) rather than exact words only.
 */

export const DEFAULT_OFFLINE_MODEL_PATH = fileURLToPath(new URL('./model/csl-lsa.bin.gz', import.meta.url));

/** Texts embedded between yields to the event loop, when a big batch has to stay in-thread. */
const CHUNK = 512;

/** Batches this long go to the worker thread; a query (~0.1 ms) is not worth a message. */
export const WORKER_MIN_BATCH = 64;

const loaded = new Map<string, Promise<LsaModel>>();

function loadModel(file: string): Promise<LsaModel> {
  let p = loaded.get(file);
  if (!p) {
    p = readFile(file).then(decodeLsaModel, (err: unknown) => {
      throw new EmbeddingError(
        `offline embedding model not readable at ${file}: ${err instanceof Error ? err.message : String(err)}`,
        false,
      );
    });
    // A failed load is not cached, so a later call can retry after the file is restored.
    p.catch(() => loaded.delete(file));
    loaded.set(file, p);
  }
  return p;
}

/**
 * The worker thread of one model file, shared by the embedders loaded from it and stopped when
 * the last of them closes. Idle, it is unref'd, so it never keeps a process alive. If it dies, the
 * batches it had not answered are rejected and the next batch starts a new one.
 */
class EmbedThread {
  users = 0;
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(b: ArrayBuffer): void; reject(e: EmbeddingError): void }
  >();

  constructor(
    private readonly modelPath: string,
    /** Of the model the caller loaded: the thread refuses a file replaced since. */
    private readonly hash: string,
  ) {}

  embed(texts: string[]): Promise<ArrayBuffer> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref(); // a process awaiting a batch must not exit; idle, the thread is unref'd
      worker.postMessage({ id, texts } satisfies EmbedRequest);
    });
  }

  private start(): Worker {
    // Node 20 resolves a worker's entry before loader hooks apply, so a small bootstrap registers
    // tsx first (as for the allocation thread).
    const entry = new URL('./offline-thread.ts', import.meta.url).href;
    const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: { modelPath: this.modelPath, hash: this.hash },
    });
    worker.on('message', (m: EmbedReply) => {
      const call = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!this.pending.size) worker.unref();
      if (m.ok) call?.resolve(m.buffer);
      else call?.reject(new EmbeddingError(`offline embedding failed: ${m.message}`, false));
    });
    worker.on('error', (err) => this.fail(worker, `offline embedding thread failed: ${err.message}`));
    worker.on('exit', (code) => this.fail(worker, `offline embedding thread exited with code ${code}`));
    return worker;
  }

  private fail(worker: Worker, message: string): void {
    if (this.worker !== worker) return; // already handled (an error is followed by an exit)
    this.worker = undefined;
    for (const call of this.pending.values()) call.reject(new EmbeddingError(message, true));
    this.pending.clear();
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.fail(worker, 'offline embedder closed');
    await worker.terminate();
  }
}

const threads = new Map<string, EmbedThread>();

export class OfflineEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private thread: EmbedThread | undefined;

  /** With the model's file path, large batches are embedded in a worker thread that loads it. */
  constructor(
    private readonly lsa: LsaModel,
    private readonly modelPath?: string,
  ) {
    // The content hash is in the name, so a retrained model invalidates cached vectors.
    this.model = `offline-csl-lsa-${lsa.header.dims}d-${lsa.hash}`;
    this.dimensions = lsa.header.dims;
  }

  /** Synchronous single-text embedding, for callers already off the hot path (eval, tests). */
  embedOne(text: string): Float32Array {
    return embedWithLsa(this.lsa, text);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (this.modelPath !== undefined && texts.length >= WORKER_MIN_BATCH) {
      if (!this.thread) {
        this.thread = threads.get(this.modelPath) ?? new EmbedThread(this.modelPath, this.lsa.hash);
        threads.set(this.modelPath, this.thread);
        this.thread.users++;
      }
      const buffer = await this.thread.embed(texts);
      const dims = this.dimensions;
      return Array.from({ length: texts.length }, (_, i) => new Float32Array(buffer, i * dims * 4, dims));
    }
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += CHUNK) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const t of texts.slice(i, i + CHUNK)) out.push(embedWithLsa(this.lsa, t));
    }
    return out;
  }

  /** Stops the worker thread once no other embedder of the same model file uses it. */
  async close(): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    this.thread = undefined;
    if (--thread.users > 0) return;
    threads.delete(this.modelPath!);
    await thread.stop();
  }

  /** Training facts recorded in the model file (corpus, options), for reports. */
  get training(): Record<string, unknown> {
    return this.lsa.header.training;
  }
}

export async function loadOfflineEmbedder(options: { modelPath?: string } = {}): Promise<OfflineEmbedder> {
  const file = options.modelPath ?? DEFAULT_OFFLINE_MODEL_PATH;
  return new OfflineEmbedder(await loadModel(file), file);
}
