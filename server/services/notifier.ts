import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  existingNotifications,
  insertNotificationRows,
  type NotificationRow,
} from '../../db/repositories/notifications.repository.ts';

/** One recipient's notification: the same type for a whole call, a payload of its own. */
export interface NotificationItem {
  userId: string;
  payload: Record<string, unknown>;
}

export interface RecordOptions {
  /**
   * A payload key that makes a notification unique per recipient: an item is skipped when its
   * recipient already has a notification of this type with the same value under that key. Checked
   * under the inbox locks, in the caller's transaction, so concurrent or retried writers cannot both
   * insert (alerts: once per user and posting).
   */
  oncePer?: string;
}

/**
 * Persists notifications inside the caller's transaction (the inbox is the source of truth) and
 * hands them to the live fan-out after commit. The fan-out is a seam: in-process by default,
 * PostgreSQL LISTEN/NOTIFY when several instances share a database (server/events/).
 *
 * Record each transaction's notifications in ONE call (many recipients, per-recipient payloads
 * via `recordEach`): the inbox locks of a call are taken together in a fixed order, which is what
 * keeps concurrent writers free of deadlocks. Two calls in one transaction each lock in order, but
 * the pair may not be.
 */
export interface Notifier {
  /** Same payload to every recipient. Write inside `tx`; pass the rows to `deliver` after commit. */
  record(
    tx: DbOrTx,
    userIds: string[],
    type: string,
    payload: Record<string, unknown>,
    opts?: RecordOptions,
  ): Promise<NotificationRow[]>;
  /** One notification per item (a recipient may have several), all in one locked batch. */
  recordEach(
    tx: DbOrTx,
    type: string,
    items: NotificationItem[],
    opts?: RecordOptions,
  ): Promise<NotificationRow[]>;
  deliver(rows: NotificationRow[]): void;
  /** Adds a listener for delivered rows (the app wires the event bus here; listeners must not throw). */
  subscribe(listener: (rows: NotificationRow[]) => void): () => void;
}

/** Advisory-lock namespace for "notifications of one user" (two-key form, apart from other locks). */
const INBOX_LOCK = 72_177;

/**
 * Inbox locks are per bucket of users (hash of the user id), not per user: a transaction then holds
 * at most this many locks however many people it notifies. Per-user locks for a 20,000-student
 * allocation would exhaust PostgreSQL's shared lock table (max_locks_per_transaction × connections,
 * 6,400 by default) and fail the publication. Two users in one bucket only serialise their writers.
 */
export const INBOX_LOCK_BUCKETS = 256;

/**
 * Takes the transaction-scoped inbox locks of these users in ascending key order. The ids travel as
 * one JSON parameter, so any number of recipients is one statement.
 */
export async function lockInboxes(tx: DbOrTx, userIds: string[]): Promise<void> {
  if (!userIds.length) return;
  const ids = JSON.stringify([...new Set(userIds)]);
  await tx.execute(
    sql`select pg_advisory_xact_lock(${INBOX_LOCK}, l.k) from (
          select distinct (hashtext(u) & ${INBOX_LOCK_BUCKETS - 1}) as k
          from json_array_elements_text(${ids}::json) as u order by 1
        ) as l`,
  );
}

export function createNotifier(publish: (rows: NotificationRow[]) => void = () => {}): Notifier {
  const listeners = new Set<(rows: NotificationRow[]) => void>([publish]);

  const recordEach: Notifier['recordEach'] = async (tx, type, items, opts = {}) => {
    if (items.length === 0) return [];
    // The locks make a user's inbox rows commit in id order, so a socket resuming after id N never
    // misses a smaller id committed later (server/events/hub.ts relies on it).
    await lockInboxes(
      tx,
      items.map((i) => i.userId),
    );
    let todo = items;
    if (opts.oncePer) {
      const key = opts.oncePer;
      const value = (i: NotificationItem) => String(i.payload[key] ?? '');
      const have = await existingNotifications(
        tx,
        type,
        key,
        [...new Set(items.map((i) => i.userId))],
        [...new Set(items.map(value))],
      );
      const seen = new Set(have.map((h) => `${h.userId}\u0000${h.value}`));
      todo = [];
      for (const i of items) {
        const k = `${i.userId}\u0000${value(i)}`;
        if (seen.has(k)) continue;
        seen.add(k); // one per recipient and value within the call too
        todo.push(i);
      }
    }
    return insertNotificationRows(
      tx,
      todo.map((i) => ({ userId: i.userId, type, payload: i.payload })),
    );
  };

  return {
    record: (tx, userIds, type, payload, opts) =>
      recordEach(
        tx,
        type,
        [...new Set(userIds)].sort().map((userId) => ({ userId, payload })),
        opts,
      ),
    recordEach,
    deliver: (rows) => {
      if (!rows.length) return;
      for (const l of listeners) l(rows);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
