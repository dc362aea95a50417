import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import type { Embedder } from './embedder.ts';
import { EmbeddingError } from './embedder.ts';

/**
 * Embedder for any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Azure-style gateways,
 * vLLM, Ollama, text-embeddings-inference, …).
 *
 * - Always asks for `encoding_format: 'float'`: the SDK otherwise requests base64 and decodes it,
 *   and a server that ignores the parameter and returns floats yields garbage silently.
 * - Checks count, order (`index`) and length of every vector, and re-normalises (not every
 *   server returns unit vectors; the Embedder contract promises them).
 * - Retries 408/409/429/5xx and network failures with capped exponential backoff and full
 *   jitter, honouring Retry-After; the SDK's own retries are off so the policy lives here once.
 * - Empty texts embed to the zero vector locally (the API rejects empty input), as offline does.
 */
export interface OpenAiEmbedderOptions {
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:8080/v1 */
  baseURL: string;
  /** Local servers usually ignore it; the SDK insists on some value. */
  apiKey?: string;
  model: string;
  /** Expected vector length; every response is checked against it. */
  dimensions: number;
  /** Send `dimensions` in the request (Matryoshka models); off for servers/models that reject it. Default true. */
  sendDimensions?: boolean;
  /** Inputs per request. Default 64 (OpenAI allows 2048; many self-hosted servers far fewer). */
  batchSize?: number;
  /** Retries after the first attempt, per batch. Default 4. */
  maxRetries?: number;
  /** First backoff; doubles each retry up to maxBackoffMs. Defaults 500 / 8000 ms. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Per-request timeout. Default 60 s. */
  timeoutMs?: number;
}

const RETRYABLE_STATUS = new Set([408, 409, 429]);

function isRetryable(err: unknown): boolean {
  if (err instanceof APIUserAbortError) return false;
  if (err instanceof APIConnectionError) return true; // includes timeouts
  if (err instanceof APIError && typeof err.status === 'number') {
    return RETRYABLE_STATUS.has(err.status) || err.status >= 500;
  }
  return false;
}

/** Server-requested delay from Retry-After (seconds or HTTP date) or retry-after-ms, if any. */
function retryAfterMs(err: unknown): number | undefined {
  if (!(err instanceof APIError) || !err.headers) return undefined;
  const msHeader = err.headers.get('retry-after-ms');
  if (msHeader !== null && Number.isFinite(Number(msHeader)) && Number(msHeader) >= 0)
    return Number(msHeader);
  const raw = err.headers.get('retry-after');
  if (raw === null) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describe(err: unknown): string {
  if (err instanceof APIError && typeof err.status === 'number') return `HTTP ${err.status}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export class OpenAiEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly client: OpenAI;
  private readonly opts: Required<Omit<OpenAiEmbedderOptions, 'apiKey'>>;

  constructor(options: OpenAiEmbedderOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions <= 0) {
      throw new EmbeddingError(`dimensions must be a positive integer, got ${options.dimensions}`, false);
    }
    this.opts = {
      baseURL: options.baseURL,
      model: options.model,
      dimensions: options.dimensions,
      sendDimensions: options.sendDimensions ?? true,
      batchSize: Math.max(1, options.batchSize ?? 64),
      maxRetries: Math.max(0, options.maxRetries ?? 4),
      initialBackoffMs: options.initialBackoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 8000,
      timeoutMs: options.timeoutMs ?? 60_000,
    };
    // The cache key must change when the endpoint's model or its output size changes.
    this.model = `openai:${options.model}@${options.dimensions}`;
    this.dimensions = options.dimensions;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey ?? 'unused',
      maxRetries: 0,
      timeout: this.opts.timeoutMs,
    });
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = texts.map(() => new Float32Array(this.dimensions));
    const todo: number[] = [];
    texts.forEach((t, i) => {
      if (t.trim()) todo.push(i);
    });
    for (let b = 0; b < todo.length; b += this.opts.batchSize) {
      const idx = todo.slice(b, b + this.opts.batchSize);
      const vectors = await this.withRetries(() => this.request(idx.map((i) => texts[i]!)));
      idx.forEach((i, k) => (out[i] = vectors[k]!));
    }
    return out;
  }

  private async request(input: string[]): Promise<Float32Array[]> {
    const res = await this.client.embeddings.create({
      model: this.opts.model,
      input,
      encoding_format: 'float',
      ...(this.opts.sendDimensions ? { dimensions: this.opts.dimensions } : {}),
    });
    const data = Array.isArray(res.data) ? res.data : [];
    if (data.length !== input.length) {
      throw new EmbeddingError(
        `embedding endpoint returned ${data.length} vectors for ${input.length} inputs (model ${this.opts.model})`,
        false,
      );
    }
    const vectors: Float32Array[] = new Array<Float32Array>(input.length);
    data.forEach((item, pos) => {
      const at = Number.isInteger(item.index) ? item.index : pos;
      const emb: unknown = item.embedding;
      if (!Array.isArray(emb)) {
        throw new EmbeddingError(
          `embedding endpoint returned a non-array embedding (${typeof emb}); does it honour encoding_format=float?`,
          false,
        );
      }
      if (emb.length !== this.dimensions) {
        throw new EmbeddingError(
          `embedding endpoint returned a ${emb.length}-dimensional vector, expected ${this.dimensions} ` +
            `(model ${this.opts.model}); check the model and dimensions settings`,
          false,
        );
      }
      if (at < 0 || at >= input.length || vectors[at]) {
        throw new EmbeddingError(`embedding endpoint returned an invalid or duplicate index ${at}`, false);
      }
      const v = Float32Array.from(emb as number[]);
      let norm = 0;
      for (const x of v) norm += x * x;
      if (!Number.isFinite(norm))
        throw new EmbeddingError('embedding endpoint returned a non-finite value', false);
      if (norm > 0) {
        const inv = 1 / Math.sqrt(norm);
        for (let c = 0; c < v.length; c++) v[c]! *= inv;
      }
      vectors[at] = v;
    });
    return vectors;
  }

  private async withRetries<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof EmbeddingError) throw err;
        const retryable = isRetryable(err);
        if (!retryable) {
          throw new EmbeddingError(
            `embedding request to ${this.opts.baseURL} failed: ${describe(err)}`,
            false,
          );
        }
        if (attempt >= this.opts.maxRetries) {
          throw new EmbeddingError(
            `embedding request to ${this.opts.baseURL} failed after ${attempt + 1} attempts: ${describe(err)}`,
            true,
          );
        }
        const backoff = Math.min(this.opts.maxBackoffMs, this.opts.initialBackoffMs * 2 ** attempt);
        const wait = Math.min(this.opts.maxBackoffMs, retryAfterMs(err) ?? Math.random() * backoff);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): OpenAiEmbedder {
  return new OpenAiEmbedder(options);
}
