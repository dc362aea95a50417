/**
 * OfflineEmbedder's worker thread: loads the same model file and embeds large batches, so a
 * rebuild or a bench build does not hold the caller's event loop for seconds. Each reply carries
 * the batch as one Float32Array buffer (transferred, not copied).
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeLsaModel, embedWithLsa } from './lsa-model.ts';

export interface EmbedRequest {
  id: number;
  texts: string[];
}

export type EmbedReply =
  { id: number; ok: true; buffer: ArrayBuffer } | { id: number; ok: false; message: string };

// A failure here ends the thread; the embedder rejects what it sent and starts a new one next time.
const { modelPath, hash } = workerData as { modelPath: string; hash: string };
const model = decodeLsaModel(await readFile(modelPath));
if (model.hash !== hash)
  throw new Error(`${modelPath} has changed since it was loaded (model ${model.hash}, not ${hash})`);
const dims = model.header.dims;

parentPort!.on('message', ({ id, texts }: EmbedRequest) => {
  let reply: EmbedReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const out = new Float32Array(texts.length * dims);
    texts.forEach((t, i) => out.set(embedWithLsa(model, t), i * dims));
    reply = { id, ok: true, buffer: out.buffer };
    transfer.push(out.buffer);
  } catch (err) {
    reply = { id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply, transfer);
});
