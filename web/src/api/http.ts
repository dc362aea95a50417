import type { ApiErrorBody } from './types.ts';

/**
 * The one HTTP client of the web app. Sends the session cookie (same origin), adds the CSRF token
 * on writes, and turns `{ error: { code, message, fields } }` into an ApiError whose `fields`
 * forms map onto their inputs.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export const API_BASE = '/api/v1';

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

let csrfToken: string | null = null;
/** Who to ask for a fresh CSRF token when the server says ours is stale (set by the session store). */
let refreshCsrf: (() => Promise<string | null>) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function onCsrfRefresh(fn: () => Promise<string | null>): void {
  refreshCsrf = fn;
}

/** Repeated keys for arrays (`discipline=0808&discipline=0854`), empty values left out. */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) p.append(k, String(item));
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function apiUrl(path: string, query?: Query): string {
  return `${API_BASE}${path}${buildQuery(query)}`;
}

const SAFE = new Set(['GET', 'HEAD']);

async function toError(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | undefined;
  try {
    body = (await res.json()) as Partial<ApiErrorBody>;
  } catch {
    body = undefined;
  }
  const e = body?.error;
  return new ApiError(
    res.status,
    e?.code ?? `http_${res.status}`,
    e?.message ?? res.statusText,
    e?.fields ?? {},
  );
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
    try {
      return await fetch(apiUrl(path, opts.query), {
        method,
        headers,
        credentials: 'same-origin',
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, 'network', err instanceof Error ? err.message : 'network error');
    }
  };
  let res = await send();
  // A session renewed in another tab changes the token: fetch the new one and retry once.
  if (res.status === 403 && !SAFE.has(method) && refreshCsrf) {
    const err = await toError(res.clone());
    if (err.code === 'csrf_failed' && (await refreshCsrf())) res = await send();
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : undefined) as T;
}

export const http = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, signal?: AbortSignal) =>
    request<T>('POST', path, { body: body ?? {}, signal }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

export interface UploadProgress {
  /** Bytes sent so far and in all (total 0 while unknown). */
  loaded: number;
  total: number;
  /** 'sending' while bytes go up; 'processing' once the server has them all and is working. */
  phase: 'sending' | 'processing';
}

/**
 * POSTs a file as the raw request body with upload progress (fetch cannot report it), the same
 * session cookie, CSRF token, one retry on a stale token, and the same ApiError on failure.
 */
export async function upload<T>(
  path: string,
  file: Blob,
  opts: { query?: Query; onProgress?: (p: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<T> {
  const send = () =>
    new Promise<{ status: number; text: string; type: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', apiUrl(path, opts.query));
      xhr.withCredentials = true;
      xhr.setRequestHeader('accept', 'application/json');
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
      xhr.upload.onprogress = (e) =>
        opts.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0, phase: 'sending' });
      xhr.upload.onload = () =>
        opts.onProgress?.({ loaded: file.size, total: file.size, phase: 'processing' });
      xhr.onload = () =>
        resolve({
          status: xhr.status,
          text: xhr.responseText,
          type: xhr.getResponseHeader('content-type') ?? '',
        });
      xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
      xhr.onabort = () => reject(new DOMException('The upload was aborted', 'AbortError'));
      opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(file);
    });
  const parse = (r: { status: number; text: string; type: string }): unknown => {
    if (!r.type.includes('json')) return undefined;
    try {
      return JSON.parse(r.text) as unknown;
    } catch {
      return undefined;
    }
  };
  let r = await send();
  if (r.status === 403 && refreshCsrf) {
    const body = parse(r) as Partial<ApiErrorBody> | undefined;
    if (body?.error?.code === 'csrf_failed' && (await refreshCsrf())) r = await send();
  }
  const body = parse(r);
  if (r.status < 200 || r.status >= 300) {
    const e = (body as Partial<ApiErrorBody> | undefined)?.error;
    throw new ApiError(
      r.status,
      e?.code ?? `http_${r.status}`,
      e?.message ?? `HTTP ${r.status}`,
      e?.fields ?? {},
    );
  }
  return body as T;
}
