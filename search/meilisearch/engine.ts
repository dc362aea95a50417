import type { Index, IndexObject, Settings, WaitOptions } from 'meilisearch';
import { Meilisearch } from 'meilisearch';
import type { IndexSettings, SearchDocument, SearchEngine, SearchQuery, SearchResult } from '../engine.ts';
import { SearchRequestError, SearchUnavailableError } from '../engine.ts';
import { fromMeiliDocument, toMeiliDocument } from './documents.ts';
import { assertTaskSucceeded, toSearchError } from './errors.ts';
import { compileMeiliFilter } from './filter.ts';
import type { MeiliIndexContext } from './query.ts';
import { fromMeiliSearchResponse, toMeiliSearchParams } from './query.ts';
import { DEFAULT_EMBEDDER, toMeiliSettings } from './settings.ts';

export interface MeilisearchEngineOptions {
  url: string;
  apiKey?: string;
  /** Name of the user-provided embedder in every index (default 'default'). */
  embedderName?: string;
  /** Timeout of each HTTP request, ms (default 10 000). */
  timeoutMs?: number;
  /** How long a write waits for its Meilisearch task to finish, ms (default 120 000). */
  taskTimeoutMs?: number;
  /** Prefix of every index uid, so several deployments can share one server (default 'cj_'). */
  prefix?: string;
}

// One request body stays well under Meilisearch's default 100 MB payload limit even with vectors.
const WRITE_BATCH = 1000;
const UID = /^[A-Za-z0-9_-]{1,400}$/u;

interface IndexInfo extends MeiliIndexContext {
  uid: string;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The part of an index's live settings the adapter needs, for indexes this process did not set up. */
export function contextFromMeiliSettings(
  primaryKey: string,
  settings: Settings,
  embedderName: string,
): MeiliIndexContext {
  const embedder = settings.embedders?.[embedderName];
  const searchable = settings.searchableAttributes ?? [];
  return {
    primaryKey,
    embedderName,
    vectorDimensions: embedder?.source === 'userProvided' ? embedder.dimensions : undefined,
    // ['*'] (searchable everywhere) cannot be highlighted by name; matched terms then come from
    // whatever the caller highlights.
    searchableAttributes: searchable.includes('*') ? [] : searchable,
    chinese: (settings.localizedAttributes ?? []).some((a) => a.locales.includes('cmn')),
  };
}

export function createMeilisearchEngine(opts: MeilisearchEngineOptions): SearchEngine {
  const embedderName = opts.embedderName ?? DEFAULT_EMBEDDER;
  const prefix = opts.prefix ?? 'cj_';
  const wait: WaitOptions = { timeout: opts.taskTimeoutMs ?? 120_000, interval: 50 };
  let client: Meilisearch;
  try {
    client = new Meilisearch({ host: opts.url, apiKey: opts.apiKey, timeout: opts.timeoutMs ?? 10_000 });
  } catch (error) {
    throw toSearchError(error, 'connect');
  }
  const known = new Map<string, IndexInfo>();

  function uidOf(index: string): string {
    const uid = `${prefix}${index}`;
    if (!UID.test(uid)) {
      throw new SearchRequestError(
        `index name ${JSON.stringify(index)} gives an invalid Meilisearch uid`,
        'invalid_index_uid',
      );
    }
    return uid;
  }

  async function run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toSearchError(error, what);
    }
  }

  async function rawIndex(uid: string): Promise<IndexObject | undefined> {
    try {
      return await client.getRawIndex(uid);
    } catch (error) {
      const mapped = toSearchError(error, `read index ${uid}`);
      if (mapped instanceof SearchRequestError && mapped.code === 'index_not_found') return undefined;
      throw mapped;
    }
  }

  /** Settings of an index set up by another process (or before a restart), read once. */
  async function info(index: string): Promise<IndexInfo> {
    const uid = uidOf(index);
    const cached = known.get(uid);
    if (cached !== undefined) return cached;
    const raw = await rawIndex(uid);
    if (raw === undefined) throw new SearchRequestError(`index ${uid} does not exist`, 'index_not_found');
    const settings = await run(`read settings of ${uid}`, () => client.index(uid).getSettings());
    const ctx = contextFromMeiliSettings(raw.primaryKey ?? 'id', settings, embedderName);
    const entry = { uid, ...ctx };
    known.set(uid, entry);
    return entry;
  }

  async function write(what: string, enqueue: () => ReturnType<Index['addDocuments']>): Promise<void> {
    const task = await run(what, () => enqueue().waitTask(wait));
    assertTaskSucceeded(task, what);
  }

  return {
    kind: 'meilisearch',

    async ensureIndex(index: string, settings: IndexSettings): Promise<void> {
      const uid = uidOf(index);
      const existing = await rawIndex(uid);
      if (existing === undefined) {
        const task = await run(`create index ${uid}`, () =>
          client.createIndex(uid, { primaryKey: settings.primaryKey }).waitTask(wait),
        );
        // Another instance may have created it meanwhile; that is the outcome we wanted.
        if (!(task.status === 'failed' && task.error?.code === 'index_already_exists')) {
          assertTaskSucceeded(task, `create index ${uid}`);
        }
      } else if (existing.primaryKey === undefined || existing.primaryKey === null) {
        await write(`set primary key of ${uid}`, () =>
          client.updateIndex(uid, { primaryKey: settings.primaryKey }),
        );
      } else if (existing.primaryKey !== settings.primaryKey) {
        throw new SearchRequestError(
          `index ${uid} has primary key ${existing.primaryKey}, not ${settings.primaryKey}`,
          'primary_key_mismatch',
        );
      }
      await write(`update settings of ${uid}`, () =>
        client.index(uid).updateSettings(toMeiliSettings(settings, embedderName)),
      );
      known.set(uid, {
        uid,
        primaryKey: settings.primaryKey,
        embedderName,
        vectorDimensions: settings.vectorDimensions,
        searchableAttributes: [...settings.searchableAttributes],
        chinese: (settings.chineseAttributes ?? []).length > 0,
      });
    },

    async upsert(index: string, documents: SearchDocument[]): Promise<void> {
      if (documents.length === 0) return;
      const idx = await info(index);
      const indexHasVectors = idx.vectorDimensions !== undefined;
      const payload = documents.map((doc) => {
        const vector = doc._vector;
        if (vector !== undefined && !indexHasVectors) {
          // The index keeps no vectors: the vector is not a document field, so it is dropped.
          const { _vector: _dropped, ...fields } = doc;
          return fields;
        }
        if (vector !== undefined && vector.length !== idx.vectorDimensions) {
          throw new SearchRequestError(
            `document ${String(doc[idx.primaryKey])} has a ${vector.length}-dimension vector; index ${idx.uid} expects ${idx.vectorDimensions}`,
            'invalid_vector_dimensions',
          );
        }
        return toMeiliDocument(doc, { embedderName, indexHasVectors });
      });
      for (const batch of chunks(payload, WRITE_BATCH)) {
        await write(`upsert into ${idx.uid}`, () =>
          client.index(idx.uid).addDocuments(batch, { primaryKey: idx.primaryKey }),
        );
      }
    },

    async delete(index: string, ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      const uid = uidOf(index);
      for (const batch of chunks(ids, WRITE_BATCH)) {
        await write(`delete from ${uid}`, () => client.index(uid).deleteDocuments(batch));
      }
    },

    async clear(index: string): Promise<void> {
      const uid = uidOf(index);
      await write(`clear ${uid}`, () => client.index(uid).deleteAllDocuments());
    },

    async search(index: string, query: SearchQuery): Promise<SearchResult> {
      const idx = await info(index);
      // A filter that can never match ({ or: [] }) has no Meilisearch syntax; its answer is known.
      if (query.filter !== undefined && compileMeiliFilter(query.filter).kind === 'none') {
        return { hits: [], estimatedTotalHits: 0, processingTimeMs: 0 };
      }
      const params = toMeiliSearchParams(query, idx);
      const response = await run(`search ${idx.uid}`, () =>
        client.index(idx.uid).search<Record<string, unknown>>(null, params),
      );
      return fromMeiliSearchResponse(response, query, idx);
    },

    async get(index: string, ids: string[]): Promise<Record<string, unknown>[]> {
      if (ids.length === 0) return [];
      const idx = await info(index);
      const found = new Map<string, Record<string, unknown>>();
      for (const batch of chunks([...new Set(ids)], WRITE_BATCH)) {
        const page = await run(`get from ${idx.uid}`, () =>
          client.index(idx.uid).getDocuments<Record<string, unknown>>({ ids: batch, limit: batch.length }),
        );
        for (const doc of page.results) found.set(String(doc[idx.primaryKey]), fromMeiliDocument(doc));
      }
      // In the order asked for; missing ids are skipped.
      return ids.flatMap((id) => {
        const doc = found.get(id);
        return doc === undefined ? [] : [doc];
      });
    },

    async count(index: string): Promise<number> {
      const uid = uidOf(index);
      const stats = await run(`count ${uid}`, () => client.index(uid).getStats());
      return stats.numberOfDocuments;
    },

    async health(): Promise<void> {
      try {
        const { status } = await client.health();
        if (status !== 'available') throw new SearchUnavailableError(`Meilisearch reports status ${status}`);
      } catch (error) {
        const mapped = toSearchError(error, 'health');
        throw mapped instanceof SearchUnavailableError
          ? mapped
          : new SearchUnavailableError(mapped.message, { cause: error });
      }
    },

    async close(): Promise<void> {
      // The client holds no connections of its own (each request is a fetch); forget cached settings.
      known.clear();
    },
  };
}
