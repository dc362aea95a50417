/** Turns text into fixed-length unit vectors. Two implementations: offline (default) and OpenAI-compatible. */
export interface Embedder {
  /** Identifies the model; part of the embedding cache key, so a new model re-embeds. */
  readonly model: string;
  readonly dimensions: number;
  /** One L2-normalised vector per input text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export class EmbeddingError extends Error {
  override readonly name = 'EmbeddingError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
