import path from 'node:path';

/**
 * Configuration, parsed once at start into a frozen, typed object. Every variable is documented in
 * README.md; every invalid one is reported together so an operator fixes them in one go.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** postgres:// URL; absent = embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly meilisearchUrl: string | undefined;
  readonly meilisearchApiKey: string | undefined;
  readonly openai:
    | {
        readonly baseURL: string;
        readonly apiKey: string;
        readonly model: string;
        readonly dimensions: number;
      }
    | undefined;
  readonly sessionTtlHours: number;
  readonly cookieSecure: boolean;
  /** Load demo data on first start (embedded mode only). */
  readonly demoData: boolean;
  /** Path of the built web app served at /. */
  readonly webDist: string;
  /** Bootstrap platform admin (server mode); ignored once any admin exists. */
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  /** WebSocket delivery, the event bus between instances, and alerts. */
  readonly realtime: RealtimeConfig;
}

export interface RealtimeConfig {
  /** Protocol ping (heartbeat) every this many ms; a socket that missed the last pong is dropped. */
  readonly pingIntervalMs: number;
  /** How often every socket's session is re-checked (expired or revoked sessions are closed). */
  readonly sessionCheckMs: number;
  /** Outgoing bytes one socket may have queued (inbox delivery pauses at half of it). */
  readonly maxBufferedBytes: number;
  /** A socket whose inbox delivery stays paused this long is closed with 4008 and resumes later. */
  readonly slowTimeoutMs: number;
  /** Largest message a client may send. */
  readonly maxClientMessageBytes: number;
  /** Browser origins allowed to open the socket besides the server's own host. */
  readonly allowedOrigins: readonly string[];
  /** `kpi.updated` broadcasts are coalesced over this window. */
  readonly kpiDebounceMs: number;
  /** `auto`: LISTEN/NOTIFY on PostgreSQL, in-process on PGlite. */
  readonly eventBus: 'auto' | 'in-process' | 'postgres';
  /** LISTEN/NOTIFY channel shared by the instances of one deployment. */
  readonly eventChannel: string;
  /** Minimum matcher affinity in [0, 1] for alerting a mentor to a published challenge. */
  readonly alertMentorThreshold: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (k: string) => {
    const v = env[k]?.trim();
    return v ? v : undefined;
  };
  const int = (k: string, def: number, min: number, max: number) => {
    const v = str(k);
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${k} must be an integer between ${min} and ${max} (got "${v}")`);
      return def;
    }
    return n;
  };
  const num = (k: string, def: number, min: number, max: number) => {
    const v = str(k);
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) {
      problems.push(`${k} must be a number between ${min} and ${max} (got "${v}")`);
      return def;
    }
    return n;
  };
  const oneOf = <T extends string>(k: string, values: readonly T[], def: T): T => {
    const v = str(k)?.toLowerCase();
    if (v === undefined) return def;
    if ((values as readonly string[]).includes(v)) return v as T;
    problems.push(`${k} must be one of ${values.join(', ')} (got "${v}")`);
    return def;
  };
  const bool = (k: string, def: boolean) => {
    const v = str(k)?.toLowerCase();
    if (v === undefined) return def;
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${k} must be true or false (got "${v}")`);
    return def;
  };
  const url = (k: string, protocols: string[]) => {
    const v = str(k);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol))
        problems.push(`${k} must use ${protocols.join(' or ')} (got ${u.protocol})`);
    } catch {
      problems.push(`${k} is not a valid URL`);
    }
    return v;
  };

  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const logLevel = (str('LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!levels.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${levels.join(', ')}`);

  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const baseURL = url('OPENAI_BASE_URL', ['http:', 'https:']);
  let openai: Config['openai'];
  if (baseURL) {
    const model = str('EMBEDDING_MODEL');
    if (!model) problems.push('EMBEDDING_MODEL is required when OPENAI_BASE_URL is set');
    openai = {
      baseURL,
      apiKey: str('OPENAI_API_KEY') ?? 'none',
      model: model ?? '',
      dimensions: int('EMBEDDING_DIMENSIONS', 1024, 8, 8192),
    };
  }
  const adminEmail = str('ADMIN_EMAIL');
  const adminPassword = str('ADMIN_PASSWORD');
  if (adminEmail && (!adminPassword || adminPassword.length < 10)) {
    problems.push('ADMIN_PASSWORD must be set (at least 10 characters) when ADMIN_EMAIL is set');
  }

  const eventBus = oneOf('EVENT_BUS', ['auto', 'in-process', 'postgres'] as const, 'auto');
  if (eventBus === 'postgres' && !databaseUrl)
    problems.push('EVENT_BUS=postgres needs DATABASE_URL (the embedded database serves one process)');
  const eventChannel = str('EVENT_CHANNEL') ?? 'cj_events';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(eventChannel))
    problems.push(
      `EVENT_CHANNEL must be a lower-case PostgreSQL identifier: letters, digits, _; at most 63 (got "${eventChannel}")`,
    );
  const allowedOrigins: string[] = [];
  for (const o of (str('WS_ALLOWED_ORIGINS') ?? '').split(',')) {
    const v = o.trim();
    if (!v) continue;
    let origin: string | undefined;
    try {
      const u = new URL(v);
      if (u.protocol === 'http:' || u.protocol === 'https:') origin = u.origin;
    } catch {
      origin = undefined;
    }
    if (origin && origin === v.replace(/\/$/, '')) allowedOrigins.push(origin);
    else
      problems.push(
        `WS_ALLOWED_ORIGINS must list origins like https://app.example.cn, comma-separated (got "${v}")`,
      );
  }
  const realtime: RealtimeConfig = Object.freeze({
    pingIntervalMs: int('WS_PING_INTERVAL_MS', 25_000, 1_000, 600_000),
    sessionCheckMs: int('WS_SESSION_CHECK_MS', 30_000, 1_000, 3_600_000),
    maxBufferedBytes: int('WS_MAX_BUFFERED_BYTES', 1 << 20, 16_384, 1 << 30),
    slowTimeoutMs: int('WS_SLOW_TIMEOUT_MS', 30_000, 1_000, 600_000),
    maxClientMessageBytes: int('WS_MAX_MESSAGE_BYTES', 4096, 256, 1 << 20),
    allowedOrigins: Object.freeze(allowedOrigins),
    kpiDebounceMs: int('KPI_DEBOUNCE_MS', 1_000, 0, 60_000),
    eventBus,
    eventChannel,
    alertMentorThreshold: num('ALERT_MENTOR_THRESHOLD', 0.5, 0, 1),
  });

  const config: Config = {
    host: str('HOST') ?? '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    logLevel,
    databaseUrl,
    dataDir: path.resolve(str('DATA_DIR') ?? './data'),
    meilisearchUrl: url('MEILISEARCH_URL', ['http:', 'https:']),
    meilisearchApiKey: str('MEILISEARCH_API_KEY'),
    openai,
    sessionTtlHours: int('SESSION_TTL_HOURS', 12, 1, 24 * 90),
    cookieSecure: bool('COOKIE_SECURE', env.NODE_ENV === 'production'),
    demoData: bool('DEMO_DATA', databaseUrl === undefined),
    webDist: path.resolve(str('WEB_DIST') ?? './dist/web'),
    adminEmail,
    adminPassword,
    realtime,
  };
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}
