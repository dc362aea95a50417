import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Embedder } from './embedder.ts';
import { EmbeddingError } from './embedder.ts';
import { decodeLsaModel, embedWithLsa, type LsaModel } from './lsa-model.ts';

/**
 * The default embedder: a latent semantic model trained on the CSL corpus (see train.ts) and
 * shipped in model/, so it runs with no download and no network. It captures co-occurrence
 * structure (锂电池 lands near 动力电池, far from 水稻) rather than exact words only.
 */

export const DEFAULT_OFFLINE_MODEL_PATH = fileURLToPath(new URL('./model/csl-lsa.bin.gz', import.meta.url));

/** Texts embedded between yields to the event loop, so a big batch does not stall a server. */
const CHUNK = 512;

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

export class OfflineEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;

  constructor(private readonly lsa: LsaModel) {
    // The content hash is in the name, so a retrained model invalidates cached vectors.
    this.model = `offline-csl-lsa-${lsa.header.dims}d-${lsa.hash}`;
    this.dimensions = lsa.header.dims;
  }

  /** Synchronous single-text embedding, for callers already off the hot path (eval, tests). */
  embedOne(text: string): Float32Array {
    return embedWithLsa(this.lsa, text);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += CHUNK) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const t of texts.slice(i, i + CHUNK)) out.push(embedWithLsa(this.lsa, t));
    }
    return out;
  }

  /** Training facts recorded in the model file (corpus, options), for reports. */
  get training(): Record<string, unknown> {
    return this.lsa.header.training;
  }
}

export async function loadOfflineEmbedder(options: { modelPath?: string } = {}): Promise<OfflineEmbedder> {
  return new OfflineEmbedder(await loadModel(options.modelPath ?? DEFAULT_OFFLINE_MODEL_PATH));
}
