/** Configuration: defaults, the real-time variables, and every invalid value reported together. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.ts';
import { realtimeOptions } from '../../../server/plugins/websocket.ts';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('realtime configuration', () => {
  it('has documented defaults', () => {
    expect(loadConfig({}).realtime).toEqual({
      pingIntervalMs: 25_000,
      sessionCheckMs: 30_000,
      maxBufferedBytes: 1_048_576,
      slowTimeoutMs: 30_000,
      maxClientMessageBytes: 4096,
      allowedOrigins: [],
      kpiDebounceMs: 1000,
      eventBus: 'auto',
      eventChannel: 'cj_events',
      alertMentorThreshold: 0.5,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://db.example.cn/chanjiao',
      WS_PING_INTERVAL_MS: '10000',
      WS_SESSION_CHECK_MS: '60000',
      WS_MAX_BUFFERED_BYTES: '262144',
      WS_SLOW_TIMEOUT_MS: '5000',
      WS_MAX_MESSAGE_BYTES: '1024',
      WS_ALLOWED_ORIGINS: 'https://app.example.cn, http://localhost:5173/',
      KPI_DEBOUNCE_MS: '0',
      EVENT_BUS: 'postgres',
      EVENT_CHANNEL: 'cj_events_staging',
      ALERT_MENTOR_THRESHOLD: '0.65',
    });
    expect(c.realtime).toEqual({
      pingIntervalMs: 10_000,
      sessionCheckMs: 60_000,
      maxBufferedBytes: 262_144,
      slowTimeoutMs: 5000,
      maxClientMessageBytes: 1024,
      allowedOrigins: ['https://app.example.cn', 'http://localhost:5173'],
      kpiDebounceMs: 0,
      eventBus: 'postgres',
      eventChannel: 'cj_events_staging',
      alertMentorThreshold: 0.65,
    });
    expect(Object.isFrozen(c.realtime)).toBe(true);
    // The plugin uses the configured values; explicit overrides (tests, benchmarks) win.
    const o = realtimeOptions(c.realtime, { hub: { slowTimeoutMs: 100 }, kpiDebounceMs: 5 });
    expect(o.hub).toEqual({
      pingIntervalMs: 10_000,
      sessionCheckMs: 60_000,
      maxBufferedBytes: 262_144,
      slowTimeoutMs: 100,
    });
    expect(o).toMatchObject({
      kpiDebounceMs: 5,
      maxClientMessageBytes: 1024,
      allowedOrigins: ['https://app.example.cn', 'http://localhost:5173'],
      alerts: { mentorThreshold: 0.65 },
    });
  });

  it('reports every invalid value at once, naming the variable and the accepted range', () => {
    expect(
      problems({
        WS_PING_INTERVAL_MS: '10',
        WS_SESSION_CHECK_MS: 'soon',
        WS_MAX_BUFFERED_BYTES: '1.5',
        WS_SLOW_TIMEOUT_MS: '-1',
        WS_MAX_MESSAGE_BYTES: '99999999',
        WS_ALLOWED_ORIGINS: 'https://ok.example.cn,ftp://files.example.cn,https://app.example.cn/path',
        KPI_DEBOUNCE_MS: '60001',
        EVENT_BUS: 'redis',
        EVENT_CHANNEL: 'Events-1',
        ALERT_MENTOR_THRESHOLD: '1.2',
      }),
    ).toEqual([
      'EVENT_BUS must be one of auto, in-process, postgres (got "redis")',
      'EVENT_CHANNEL must be a lower-case PostgreSQL identifier: letters, digits, _; at most 63 (got "Events-1")',
      'WS_ALLOWED_ORIGINS must list origins like https://app.example.cn, comma-separated (got "ftp://files.example.cn")',
      'WS_ALLOWED_ORIGINS must list origins like https://app.example.cn, comma-separated (got "https://app.example.cn/path")',
      'WS_PING_INTERVAL_MS must be an integer between 1000 and 600000 (got "10")',
      'WS_SESSION_CHECK_MS must be an integer between 1000 and 3600000 (got "soon")',
      'WS_MAX_BUFFERED_BYTES must be an integer between 16384 and 1073741824 (got "1.5")',
      'WS_SLOW_TIMEOUT_MS must be an integer between 1000 and 600000 (got "-1")',
      'WS_MAX_MESSAGE_BYTES must be an integer between 256 and 1048576 (got "99999999")',
      'KPI_DEBOUNCE_MS must be an integer between 0 and 60000 (got "60001")',
      'ALERT_MENTOR_THRESHOLD must be a number between 0 and 1 (got "1.2")',
    ]);
  });

  it('needs PostgreSQL for the LISTEN/NOTIFY bus', () => {
    expect(problems({ EVENT_BUS: 'postgres' })).toEqual([
      'EVENT_BUS=postgres needs DATABASE_URL (the embedded database serves one process)',
    ]);
    expect(loadConfig({ EVENT_BUS: 'in-process' }).realtime.eventBus).toBe('in-process');
  });
});
