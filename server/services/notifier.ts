import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertNotifications, type NotificationRow } from '../../db/repositories/notifications.repository.ts';

/**
 * Persists notifications inside the caller's transaction (the inbox is the source of truth) and
 * hands them to the live fan-out after commit. The fan-out is a seam: in-process by default,
 * PostgreSQL LISTEN/NOTIFY when several instances share a database (server/events/).
 */
export interface Notifier {
  /** Write inside `tx`; returns rows to pass to `deliver` after the transaction commits. */
  record(
    tx: DbOrTx,
    userIds: string[],
    type: string,
    payload: Record<string, unknown>,
  ): Promise<NotificationRow[]>;
  deliver(rows: NotificationRow[]): void;
  /** Adds a listener for delivered rows (the app wires the event bus here; listeners must not throw). */
  subscribe(listener: (rows: NotificationRow[]) => void): () => void;
}

/** Advisory-lock namespace for "notifications of one user" (two-key form, apart from other locks). */
const INBOX_LOCK = 72_177;

export function createNotifier(publish: (rows: NotificationRow[]) => void = () => {}): Notifier {
  const listeners = new Set<(rows: NotificationRow[]) => void>([publish]);
  return {
    record: async (tx, userIds, type, payload) => {
      const unique = [...new Set(userIds)].sort();
      if (unique.length === 0) return [];
      // One transaction-scoped lock per recipient, taken in a fixed order: a user's inbox rows then
      // commit in id order, so a socket resuming after id N never misses a smaller id committed later.
      const ids = sql.join(
        unique.map((u) => sql`${u}`),
        sql`, `,
      );
      await tx.execute(
        sql`select pg_advisory_xact_lock(${INBOX_LOCK}, k) from (select distinct hashtext(u) as k from unnest(array[${ids}]::text[]) as u order by 1) as l`,
      );
      return insertNotifications(tx, unique, type, payload);
    },
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
