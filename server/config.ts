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
  };
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}
