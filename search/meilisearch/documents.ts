import type { SearchDocument } from '../engine.ts';
import { DEFAULT_EMBEDDER } from './settings.ts';

/** Fields Meilisearch adds to hits; they never belong to the stored document. */
const HIT_FIELDS = [
  '_vectors',
  '_formatted',
  '_matchesPosition',
  '_rankingScore',
  '_rankingScoreDetails',
  '_federation',
  '_geoDistance',
] as const;

export interface ToMeiliDocumentOptions {
  embedderName?: string;
  /** The index has a user-provided embedder (IndexSettings.vectorDimensions is set). */
  indexHasVectors?: boolean;
}

/**
 * Our document → Meilisearch document: `_vector` becomes `_vectors: { <embedder>: number[] }`
 * (JSON has no Float32Array). In an index with a user-provided embedder, Meilisearch fails the whole
 * batch when a document does not declare its vector (meilisearch#4739), so a document without one
 * opts out explicitly with `null`. Everything else is passed through unchanged.
 */
export function toMeiliDocument(
  doc: SearchDocument,
  options: ToMeiliDocumentOptions = {},
): Record<string, unknown> {
  const embedderName = options.embedderName ?? DEFAULT_EMBEDDER;
  const { _vector: vector, ...fields } = doc;
  if (vector !== undefined) return { ...fields, _vectors: { [embedderName]: Array.from(vector) } };
  return options.indexHasVectors === true ? { ...fields, _vectors: { [embedderName]: null } } : fields;
}

/**
 * The vector stored for an embedder in a hit or fetched document, in any of the shapes Meilisearch
 * returns with `retrieveVectors`: `[..]`, `[[..]]`, or `{ embeddings: [..] | [[..]], regenerate }`.
 */
export function readMeiliVector(
  doc: Record<string, unknown>,
  embedderName: string = DEFAULT_EMBEDDER,
): number[] | undefined {
  const vectors = doc._vectors;
  if (typeof vectors !== 'object' || vectors === null) return undefined;
  let entry: unknown = (vectors as Record<string, unknown>)[embedderName];
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
    entry = (entry as Record<string, unknown>).embeddings;
  }
  if (!Array.isArray(entry) || entry.length === 0) return undefined;
  const first: unknown = entry[0];
  const vector: unknown[] = Array.isArray(first) ? first : entry;
  return vector.every((x): x is number => typeof x === 'number') ? vector : undefined;
}

/**
 * Meilisearch hit or fetched document → our document: hit metadata is dropped, and when
 * `withVector` is set the stored vector comes back as `_vector`.
 */
export function fromMeiliDocument(
  doc: Record<string, unknown>,
  options: { embedderName?: string; withVector?: boolean } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  for (const key of HIT_FIELDS) delete out[key];
  if (options.withVector === true) {
    const vector = readMeiliVector(doc, options.embedderName ?? DEFAULT_EMBEDDER);
    if (vector !== undefined) out._vector = vector;
  }
  return out;
}
