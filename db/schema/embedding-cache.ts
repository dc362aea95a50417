import { customType, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

// PostgreSQL 15 here has no pgvector, so vectors are stored as raw float32 bytes.
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** Embeddings cached by content hash + model, so unchanged text is never embedded twice. */
export const embeddingCache = pgTable(
  'embedding_cache',
  {
    contentHash: text('content_hash').notNull(),
    model: text('model').notNull(),
    vector: bytea('vector').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contentHash, t.model] })],
);
