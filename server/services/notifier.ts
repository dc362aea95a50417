import type { DbOrTx } from '../../db/client.ts';
import { insertNotifications, type NotificationRow } from '../../db/repositories/notifications.repository.ts';

/**
 * Persists notifications inside the caller's transaction (the inbox is the source of truth) and
 * hands them to the live fan-out after commit. The fan-out is a seam: in-process by default,
 * PostgreSQL LISTEN/NOTIFY when several instances share a database.
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
}

export function createNotifier(publish: (rows: NotificationRow[]) => void = () => {}): Notifier {
  return {
    record: (tx, userIds, type, payload) => insertNotifications(tx, userIds, type, payload),
    deliver: (rows) => {
      if (rows.length) publish(rows);
    },
  };
}
