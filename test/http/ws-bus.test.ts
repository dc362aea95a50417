/**
 * The event bus wire format: NOTIFY payloads stay under PostgreSQL's 8000-byte limit however many
 * users an event names, and malformed messages from the channel are rejected, not trusted.
 * (Pure functions; the LISTEN/NOTIFY path itself runs in ws.test.ts on PostgreSQL.)
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createInProcessBus, type BusEvent } from '../../server/events/bus.ts';
import { decodeEvent, encodeEvent, MAX_NOTIFY_BYTES } from '../../server/events/postgres-bus.ts';

const origin = randomUUID();

describe('NOTIFY payload encoding', () => {
  it('splits a notification hint for 1,000 users into payloads under the limit, losing no one', () => {
    const users = Array.from({ length: 1000 }, () => randomUUID());
    const payloads = encodeEvent(origin, { type: 'notification', users, ids: [1, 2, 3] });
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_NOTIFY_BYTES);
    const decoded = payloads.map((p) => decodeEvent(p)!);
    expect(decoded.every((d) => d.o === origin)).toBe(true);
    expect(decoded.flatMap((d) => (d.e.type === 'notification' ? d.e.users : []))).toEqual(users);
  });

  it('round-trips KPI, allocation progress and session events in one payload', () => {
    const events: BusEvent[] = [
      { type: 'kpi.updated', topics: ['challenges', 'mentors'], at: '2026-01-01T00:00:00.000Z' },
      {
        type: 'allocation.progress',
        runId: randomUUID(),
        orgId: randomUUID(),
        state: 'running',
        progress: 80,
      },
      { type: 'session.ended', sessionKey: 'a'.repeat(32) },
    ];
    for (const e of events) {
      const [p, ...rest] = encodeEvent(origin, e);
      expect(rest).toEqual([]);
      expect(decodeEvent(p!)).toEqual({ o: origin, e });
    }
  });

  it('rejects malformed or unknown messages', () => {
    for (const bad of [
      'not json',
      '42',
      JSON.stringify({ o: origin }),
      JSON.stringify({ o: origin, e: { type: 'notification', users: [1, 2] } }),
      JSON.stringify({ o: origin, e: { type: 'kpi.updated', topics: ['salaries'], at: 'x' } }),
      JSON.stringify({ o: origin, e: { type: 'session.ended' } }),
      ...[
        { state: 'published', progress: 100 },
        { state: 'running', progress: 101 },
        { state: 'running', progress: 2.5 },
        { state: 'running', progress: 20, orgId: 'all' },
      ].map((x) =>
        JSON.stringify({
          o: origin,
          e: { type: 'allocation.progress', runId: randomUUID(), orgId: randomUUID(), ...x },
        }),
      ),
      JSON.stringify({ o: origin, e: { type: 'drop.tables' } }),
    ])
      expect(decodeEvent(bad)).toBeUndefined();
  });
});

describe('in-process bus', () => {
  it('delivers asynchronously to every subscriber, and not after unsubscribe or close', async () => {
    const bus = createInProcessBus();
    const seen: string[] = [];
    const off = bus.subscribe((e) => seen.push(`a:${e.type}`));
    bus.subscribe((e) => seen.push(`b:${e.type}`));
    const published = bus.publish({ type: 'session.ended', sessionKey: 'k' });
    expect(seen).toEqual([]); // never inline in the publisher
    await published;
    await Promise.resolve();
    expect(seen).toEqual(['a:session.ended', 'b:session.ended']);
    off();
    await bus.publish({ type: 'session.ended', sessionKey: 'k' });
    await Promise.resolve();
    expect(seen).toEqual(['a:session.ended', 'b:session.ended', 'b:session.ended']);
    await bus.close();
    await bus.publish({ type: 'session.ended', sessionKey: 'k' });
    await Promise.resolve();
    expect(seen).toHaveLength(3);
  });
});
