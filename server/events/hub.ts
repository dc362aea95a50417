/**
 * The socket hub of one app instance: which sockets are open for which user and session, and how
 * inbox rows reach them.
 *
 * Delivery is pull-based. A bus hint ("user U has new notifications") marks U pending; one flush
 * loop reads, for all pending users at once, the inbox rows after each socket's cursor and sends
 * them in id order. Resuming (`?after=` or a `resume` message) is the same pull starting from the
 * client's cursor, so there is no separate replay path to race with live events: hints arriving
 * during a replay only mark the user pending again, and a socket's cursor only moves forward, so
 * every id is sent at most once per socket, in increasing order. Together with the per-recipient
 * lock the Notifier takes (a user's rows commit in id order), a pull never skips a row that commits
 * later, so "at most once" is also "at least once" while the socket stays open; after a drop the
 * client resumes from the last id it saw.
 *
 * Back-pressure: each socket's outgoing buffer is bounded (`maxBufferedBytes`), so one slow reader
 * never stalls the others or grows memory without bound. Inbox delivery (live or replay) pauses at
 * half the bound and continues from the socket's cursor once it drains to an eighth; a socket paused longer
 * than `slowTimeoutMs`, or one a broadcast would push past the bound, is closed with 4008 and
 * resumes from the inbox when it reconnects.
 *
 * Some ephemeral events are for an organisation's role only (allocation progress: the university's
 * graduate-school admins). Each socket carries its user's memberships, read from the database at the
 * handshake and re-read with every session check, so targeting never relies on what a client says.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Compile } from 'typebox/compile';
import type { WebSocket } from 'ws';
import type { Db } from '../../db/client.ts';
import type { NotificationRow } from '../../db/repositories/notifications.repository.ts';
import type { Membership, Role } from '../auth/actor.ts';
import type { BusEvent, Logger } from './bus.ts';
import { inboxAfter, lastInboxId, liveSessions, membershipsOf } from './queries.ts';
import {
  ClientMessage,
  CloseCode,
  PROTOCOL_VERSION,
  type NotificationMessage,
  type ServerMessage,
} from './schema.ts';

export interface HubOptions {
  /** Protocol ping every this many ms; a socket that missed the previous pong is terminated. */
  pingIntervalMs: number;
  /** Re-check that every socket's session still exists and has not expired (and its user's roles). */
  sessionCheckMs: number;
  /**
   * Outgoing bytes a socket may have queued. A broadcast that would exceed it closes the socket
   * with 4008; inbox delivery pauses at half of it and resumes when the socket drains.
   */
  maxBufferedBytes: number;
  /** A socket whose inbox delivery stays paused this long is closed with 4008. */
  slowTimeoutMs: number;
  /** Inbox rows per user per read; larger backlogs go page by page. */
  pageSize: number;
  /** Users per batched inbox read. */
  usersPerRead: number;
  /** After a close frame, how long a peer has to answer before the socket is destroyed. */
  closeTimeoutMs: number;
  /** Wait before retrying when the inbox read fails (database down). */
  retryMs: number;
}

export const defaultHubOptions: HubOptions = {
  pingIntervalMs: 25_000,
  sessionCheckMs: 30_000,
  maxBufferedBytes: 1 << 20,
  slowTimeoutMs: 30_000,
  pageSize: 200,
  usersPerRead: 2_000,
  closeTimeoutMs: 5_000,
  retryMs: 1_000,
};

/** Derived from the session's token hash; what the bus carries instead of the hash itself. */
export function sessionKey(tokenHash: string): string {
  return createHash('sha256').update(`ws-session:${tokenHash}`).digest('hex').slice(0, 32);
}

interface Conn {
  ws: WebSocket;
  userId: string;
  tokenHash: string;
  sessionKey: string;
  /** The user's organisations and roles: who receives role-targeted events. */
  memberships: Pick<Membership, 'orgId' | 'role'>[];
  /** Highest inbox id sent on this socket (or the resume cursor); -1 until known. */
  lastId: number;
  /** Bumped by `resume`: reads started under an older generation are not delivered. */
  gen: number;
  /** A resume is in progress: send `ready` once caught up. */
  resuming: boolean;
  replayed: number;
  alive: boolean;
  /** Since when inbox delivery has been paused waiting for this socket to drain. */
  congestedSince: number | undefined;
  /** When this socket is next pinged (or terminated if the last ping got no pong). */
  pingAt: number;
  open: boolean;
  expiry: NodeJS.Timeout | undefined;
}

export interface AcceptOptions {
  userId: string;
  tokenHash: string;
  /** From the session's actor (the database), never from the client. */
  memberships: Pick<Membership, 'orgId' | 'role'>[];
  expiresAt: Date;
  /** Resume cursor; undefined = start after the newest inbox row. */
  after: number | undefined;
}

export interface HubStats {
  sockets: number;
  users: number;
  sent: number;
  dropped: number;
  /** Sockets whose inbox delivery is paused waiting for them to drain. */
  paused: number;
  /** Outgoing bytes queued over all sockets. */
  buffered: number;
}

export interface HubEvents {
  /** A socket was closed by the server (`code` 4008 too slow, 4401 session ended, …). */
  closed: [{ userId: string; code: number; reason: string }];
  /** Inbox delivery to a socket paused until it drains. */
  paused: [{ userId: string; buffered: number }];
}

const checkClientMessage = Compile(ClientMessage);
const MAX_TIMER_MS = 2 ** 31 - 1;

export class SocketHub {
  readonly events = new EventEmitter<HubEvents>();
  private readonly o: HubOptions;
  private readonly all = new Set<Conn>();
  private readonly byUser = new Map<string, Set<Conn>>();
  private readonly bySession = new Map<string, Set<Conn>>();
  private readonly pending = new Set<string>();
  private readonly waitingDrain = new Set<string>();
  private flushing = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private drainTimer: NodeJS.Timeout | undefined;
  private readonly pingTimer: NodeJS.Timeout;
  private readonly sessionTimer: NodeJS.Timeout;
  private checkingSessions: Promise<number> | undefined;
  private sent = 0;
  private dropped = 0;
  /** Resolves when the current flush loop ends (tests and shutdown). */
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    opts: Partial<HubOptions> = {},
  ) {
    this.o = { ...defaultHubOptions, ...opts };
    // Each socket is pinged pingIntervalMs after its previous ping, checked on a finer tick, so
    // with many sockets the pings spread over the interval instead of one burst stalling sends.
    this.pingTimer = setInterval(
      () => this.heartbeat(),
      Math.max(10, Math.min(1000, this.o.pingIntervalMs / 4)),
    );
    this.pingTimer.unref();
    this.sessionTimer = setInterval(() => {
      this.checkSessions().catch((err: unknown) => this.log.error({ err }, 'session check failed'));
    }, this.o.sessionCheckMs);
    this.sessionTimer.unref();
  }

  get options(): Readonly<HubOptions> {
    return this.o;
  }

  stats(): HubStats {
    let paused = 0;
    let buffered = 0;
    for (const c of this.all) {
      if (c.congestedSince !== undefined) paused++;
      buffered += c.ws.bufferedAmount;
    }
    return {
      sockets: this.all.size,
      users: this.byUser.size,
      sent: this.sent,
      dropped: this.dropped,
      paused,
      buffered,
    };
  }

  /** Takes ownership of an authenticated socket. */
  async accept(ws: WebSocket, a: AcceptOptions): Promise<void> {
    const conn: Conn = {
      ws,
      userId: a.userId,
      tokenHash: a.tokenHash,
      sessionKey: sessionKey(a.tokenHash),
      memberships: a.memberships.map(({ orgId, role }) => ({ orgId, role })),
      lastId: -1,
      gen: 0,
      resuming: true,
      replayed: 0,
      alive: true,
      congestedSince: undefined,
      pingAt: Date.now() + this.o.pingIntervalMs,
      open: true,
      expiry: undefined,
    };
    if (this.closed) {
      ws.close(CloseCode.goingAway, 'server shutting down');
      return;
    }
    // Register before reading the cursor, so a hint that arrives meanwhile is not lost.
    this.add(conn);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('close', () => this.remove(conn));
    ws.on('error', (err) => this.log.debug({ err, userId: conn.userId }, 'socket error'));
    const ms = a.expiresAt.getTime() - Date.now();
    if (ms <= 0) return this.drop(conn, CloseCode.sessionEnded, 'session expired');
    conn.expiry = setTimeout(
      () => this.drop(conn, CloseCode.sessionEnded, 'session expired'),
      Math.min(ms, MAX_TIMER_MS),
    );
    conn.expiry.unref();
    try {
      conn.lastId = a.after ?? (await lastInboxId(this.db, a.userId));
    } catch (err) {
      this.log.error({ err }, 'could not read the inbox cursor');
      return this.drop(conn, CloseCode.goingAway, 'try again');
    }
    this.markPending([a.userId]);
  }

  /** Applies a bus event to the sockets of this instance. */
  handle(evt: BusEvent): void {
    switch (evt.type) {
      case 'notification':
        this.markPending(evt.users);
        return;
      case 'kpi.updated':
        this.broadcast({ event: 'kpi.updated', topics: evt.topics, at: evt.at });
        return;
      case 'allocation.progress': {
        const { runId, orgId, state, progress } = evt;
        this.sendToRole(orgId, 'grad_admin', {
          event: 'allocation.progress',
          runId,
          orgId,
          state,
          progress,
        });
        return;
      }
      case 'session.ended':
        for (const c of [...(this.bySession.get(evt.sessionKey) ?? [])])
          this.drop(c, CloseCode.sessionEnded, 'session ended');
        return;
    }
  }

  /** After the bus reconnects: hints may have been lost, so every connected user re-reads. */
  catchUp(): void {
    this.markPending([...this.byUser.keys()]);
  }

  /** Sends one message to every socket (serialised once). */
  broadcast(msg: ServerMessage): void {
    const data = Buffer.from(JSON.stringify(msg));
    for (const c of this.all) if (c.lastId >= 0) this.send(c, data, data.length);
  }

  /** Sends one message to the sockets of users holding `role` in `orgId`; returns how many. */
  sendToRole(orgId: string, role: Role, msg: ServerMessage): number {
    const data = Buffer.from(JSON.stringify(msg));
    let n = 0;
    for (const c of this.all)
      if (c.lastId >= 0 && c.memberships.some((m) => m.orgId === orgId && m.role === role))
        if (this.send(c, data, data.length)) n++;
    return n;
  }

  /**
   * Closes sockets whose session was deleted or expired, and refreshes the memberships of the
   * others (roles granted since the handshake); returns how many were closed.
   */
  checkSessions(): Promise<number> {
    this.checkingSessions ??= (async () => {
      try {
        const hashes = [...new Set([...this.all].map((c) => c.tokenHash))];
        if (!hashes.length) return 0;
        const live = await liveSessions(this.db, hashes);
        let n = 0;
        for (const c of [...this.all]) {
          if (live.has(c.tokenHash)) continue;
          this.drop(c, CloseCode.sessionEnded, 'session ended');
          n++;
        }
        const users = new Set([...this.all].map((c) => c.userId));
        const roles = await membershipsOf(this.db, [...users]);
        // Sockets of users who connected during the read keep their handshake memberships.
        for (const c of this.all) if (users.has(c.userId)) c.memberships = roles.get(c.userId) ?? [];
        return n;
      } finally {
        this.checkingSessions = undefined;
      }
    })();
    return this.checkingSessions;
  }

  /** Resolves once no inbox read is queued or running (retries excepted). */
  async settled(): Promise<void> {
    while (this.flushing) await this.idle;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    clearInterval(this.sessionTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.drainTimer);
    this.pending.clear();
    this.waitingDrain.clear();
    for (const c of [...this.all]) this.drop(c, CloseCode.goingAway, 'server shutting down');
    await this.idle;
  }

  // ------------------------------------------------------------------ internals

  private add(c: Conn): void {
    this.all.add(c);
    let u = this.byUser.get(c.userId);
    if (!u) this.byUser.set(c.userId, (u = new Set()));
    u.add(c);
    let s = this.bySession.get(c.sessionKey);
    if (!s) this.bySession.set(c.sessionKey, (s = new Set()));
    s.add(c);
  }

  private remove(c: Conn): void {
    c.open = false;
    clearTimeout(c.expiry);
    if (!this.all.delete(c)) return;
    const u = this.byUser.get(c.userId);
    u?.delete(c);
    if (u?.size === 0) this.byUser.delete(c.userId);
    const s = this.bySession.get(c.sessionKey);
    s?.delete(c);
    if (s?.size === 0) this.bySession.delete(c.sessionKey);
  }

  /** Server-side close: stop sending at once, give the peer `closeTimeoutMs` to answer. */
  private drop(c: Conn, code: number, reason: string): void {
    if (!c.open) return;
    this.remove(c);
    if (code === CloseCode.tooSlow) this.dropped++;
    this.events.emit('closed', { userId: c.userId, code, reason });
    try {
      c.ws.close(code, reason);
    } catch {
      c.ws.terminate();
      return;
    }
    setTimeout(() => c.ws.terminate(), this.o.closeTimeoutMs).unref();
  }

  /** Queues `data` unless the socket's buffer is over the bound, in which case it is dropped. */
  private send(c: Conn, data: string | Buffer, bytes: number): boolean {
    if (!c.open || c.ws.readyState !== c.ws.OPEN) return false;
    // An empty buffer always takes one message, however large, so nothing can block a socket forever.
    if (c.ws.bufferedAmount > 0 && c.ws.bufferedAmount + bytes > this.o.maxBufferedBytes) {
      this.log.info({ userId: c.userId, buffered: c.ws.bufferedAmount }, 'closing a slow socket');
      this.drop(c, CloseCode.tooSlow, 'too slow: resume from the inbox');
      return false;
    }
    // A Buffer is encoded once for all sockets; `binary: false` keeps it a text frame.
    c.ws.send(data, { binary: false });
    this.sent++;
    return true;
  }

  private onMessage(c: Conn, data: unknown, isBinary: boolean): void {
    if (!c.open) return;
    let msg: unknown;
    try {
      msg = isBinary ? undefined : JSON.parse(String(data));
    } catch {
      msg = undefined;
    }
    if (!checkClientMessage.Check(msg)) {
      const err = JSON.stringify({
        event: 'error',
        code: 'bad_message',
        message: 'Expected {"type":"resume","after":<id>} or {"type":"ping"}',
      } satisfies ServerMessage);
      this.send(c, err, Buffer.byteLength(err));
      return;
    }
    switch (msg.type) {
      case 'ping': {
        const pong = JSON.stringify({ event: 'pong' } satisfies ServerMessage);
        this.send(c, pong, pong.length);
        return;
      }
      case 'resume':
        if (c.lastId < 0) return; // still starting: the initial read will follow
        c.gen++;
        c.lastId = msg.after;
        c.resuming = true;
        c.replayed = 0;
        this.markPending([c.userId]);
        return;
    }
  }

  private heartbeat(): void {
    const now = Date.now();
    for (const c of [...this.all]) {
      if (c.pingAt > now) continue;
      c.pingAt = now + this.o.pingIntervalMs;
      if (!c.alive) {
        this.log.debug({ userId: c.userId }, 'terminating a socket that missed a pong');
        this.remove(c);
        this.events.emit('closed', { userId: c.userId, code: 1006, reason: 'no pong' });
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      try {
        c.ws.ping();
      } catch {
        // a socket closing concurrently: its close handler removes it
      }
    }
  }

  private markPending(users: Iterable<string>): void {
    if (this.closed) return;
    for (const u of users) if (this.byUser.has(u)) this.pending.add(u);
    if (this.pending.size && !this.flushing && !this.retryTimer) {
      this.flushing = true;
      this.idle = this.flush().catch((err: unknown) => {
        this.flushing = false;
        this.log.error({ err }, 'socket hub flush failed');
      });
    }
  }

  /** The one read loop. `flushing` is cleared in the same tick as the loop sees nothing pending. */
  private async flush(): Promise<void> {
    for (;;) {
      if (!this.pending.size || this.closed) {
        this.flushing = false;
        return;
      }
      const batch: string[] = [];
      for (const u of this.pending) {
        batch.push(u);
        if (batch.length >= this.o.usersPerRead) break;
      }
      for (const u of batch) this.pending.delete(u);

      // Snapshot the sockets taking part: those that joined or resumed meanwhile read again.
      const snapshot = new Map<Conn, number>();
      const cursors: { userId: string; after: number }[] = [];
      for (const u of batch) {
        let after = Number.POSITIVE_INFINITY;
        for (const c of this.byUser.get(u) ?? []) {
          if (c.lastId < 0) continue;
          snapshot.set(c, c.gen);
          after = Math.min(after, c.lastId);
        }
        if (after !== Number.POSITIVE_INFINITY) cursors.push({ userId: u, after });
      }
      if (!cursors.length) continue;

      let rows: NotificationRow[];
      try {
        rows = await inboxAfter(this.db, cursors, this.o.pageSize);
      } catch (err) {
        this.log.error({ err, users: cursors.length }, 'inbox read failed; retrying');
        for (const c of cursors) this.pending.add(c.userId);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.markPending([]);
        }, this.o.retryMs);
        this.retryTimer.unref();
        this.flushing = false;
        return;
      }
      this.deliver(cursors, rows, snapshot);
    }
  }

  private deliver(
    cursors: { userId: string; after: number }[],
    rows: NotificationRow[],
    snapshot: Map<Conn, number>,
  ): void {
    const byUser = new Map<string, NotificationRow[]>();
    for (const r of rows) {
      let l = byUser.get(r.userId);
      if (!l) byUser.set(r.userId, (l = []));
      l.push(r);
    }
    const half = this.o.maxBufferedBytes / 2;
    for (const { userId } of cursors) {
      const mine = byUser.get(userId) ?? [];
      const more = mine.length >= this.o.pageSize;
      const encoded = mine.map((r) => {
        const data = JSON.stringify(toMessage(r));
        return { id: r.id, data, bytes: Buffer.byteLength(data) };
      });
      let congested = false;
      for (const c of [...(this.byUser.get(userId) ?? [])]) {
        if (snapshot.get(c) !== c.gen) continue;
        let paused = false;
        for (const m of encoded) {
          if (m.id <= c.lastId) continue;
          // Inbox rows can be read again, so rather than queue past half the bound, stop at this
          // cursor and go on once the socket drains (it is dropped if it never does).
          if (c.ws.bufferedAmount > 0 && c.ws.bufferedAmount + m.bytes > half) {
            paused = true;
            break;
          }
          if (!this.send(c, m.data, m.bytes)) break;
          c.lastId = m.id;
          if (c.resuming) c.replayed++;
        }
        if (!c.open) continue;
        if (paused || (more && c.ws.bufferedAmount > half)) {
          congested = true;
          if (c.congestedSince === undefined) {
            c.congestedSince = Date.now();
            this.events.emit('paused', { userId: c.userId, buffered: c.ws.bufferedAmount });
          }
          continue;
        }
        c.congestedSince = undefined;
        if (!more && c.resuming) {
          c.resuming = false;
          const ready = JSON.stringify({
            event: 'ready',
            protocol: PROTOCOL_VERSION,
            lastId: c.lastId,
            replayed: c.replayed,
          } satisfies ServerMessage);
          this.send(c, ready, ready.length);
        }
      }
      if (!this.byUser.has(userId)) continue;
      // More to read (a full page, or a socket that paused): now, or once the slow socket drains.
      if (congested) this.waitForDrain(userId);
      else if (more) this.pending.add(userId);
    }
  }

  /**
   * Re-reads for users whose sockets drained below the low-water mark (an eighth of the bound:
   * hysteresis, so a socket hovering near half is not re-read every tick); drops sockets that
   * stay above it for longer than slowTimeoutMs.
   */
  private waitForDrain(userId: string): void {
    this.waitingDrain.add(userId);
    if (this.drainTimer || this.closed) return;
    const low = this.o.maxBufferedBytes / 8;
    const tick = () => {
      this.drainTimer = undefined;
      const now = Date.now();
      const ready: string[] = [];
      for (const u of this.waitingDrain) {
        for (const c of [...(this.byUser.get(u) ?? [])]) {
          if (c.ws.bufferedAmount <= low) c.congestedSince = undefined;
          else if (c.congestedSince !== undefined && now - c.congestedSince > this.o.slowTimeoutMs) {
            this.log.info(
              { userId: c.userId, buffered: c.ws.bufferedAmount },
              'closing a socket that stopped reading',
            );
            this.drop(c, CloseCode.tooSlow, 'too slow: resume from the inbox');
          }
        }
        const conns = this.byUser.get(u);
        if (!conns) this.waitingDrain.delete(u);
        else if ([...conns].every((c) => c.ws.bufferedAmount <= low)) {
          this.waitingDrain.delete(u);
          ready.push(u);
        }
      }
      this.markPending(ready);
      if (this.waitingDrain.size && !this.closed) {
        this.drainTimer = setTimeout(tick, 50);
        this.drainTimer.unref();
      }
    };
    this.drainTimer = setTimeout(tick, 50);
    this.drainTimer.unref();
  }
}

function toMessage(r: NotificationRow): NotificationMessage {
  return {
    event: 'notification',
    id: r.id,
    type: r.type,
    payload: r.payload,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt ? r.readAt.toISOString() : null,
  };
}
