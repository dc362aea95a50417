/**
 * Bulk import from the command line, through the HTTP API (the same rules and permissions as
 * the web app):
 *
 *   npm run import -- --url http://localhost:3000 --email you@org.cn --type students --file 学生.xlsx [--valid-only] [--dry-run]
 *
 * The password comes from --password, the CJ_PASSWORD environment variable, --password-stdin,
 * or a hidden prompt on a terminal. It is never printed.
 *
 * Exit codes: 0 done (some rows may have been skipped with --valid-only); 1 rows were rejected
 * and nothing was imported (including a dry run that found errors); 2 usage, sign-in, network
 * or file-level errors.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ImportReport, ImportType } from '../services/import/schemas.ts';
import type { UploadFormat } from '../services/import/parse.ts';

const TYPES: readonly ImportType[] = ['challenges', 'mentors', 'students'];
const FORMATS: readonly UploadFormat[] = ['csv', 'xlsx', 'jsonl'];
/** Same limit as the server (services/import/parse.ts MAX_UPLOAD_BYTES); checked here to fail before uploading. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const SESSION_COOKIE = 'cj_session';

export const usage = `用法 / Usage:
  npm run import -- --email <邮箱> --type <challenges|mentors|students> --file <文件> [选项]

选项 / Options:
  --url <地址>          服务地址 / server URL (default $CJ_URL or http://localhost:3000)
  --email <邮箱>        登录邮箱 / sign-in email (or $CJ_EMAIL)
  --password <密码>     登录密码 / password (or $CJ_PASSWORD, --password-stdin, or a prompt)
  --password-stdin      从标准输入读取密码 / read the password from stdin
  --type <类型>         challenges | mentors | students
  --file <文件>         .csv / .tsv / .txt / .xlsx / .jsonl
  --format <格式>       csv | xlsx | jsonl (default: from the file extension)
  --valid-only          只导入有效行 / import the valid rows even if others are rejected
  --dry-run             只检查，不写入 / check only, write nothing
  -h, --help            显示帮助 / show this help`;

export class UsageError extends Error {}

export interface CliOptions {
  url: string;
  email: string;
  password?: string;
  passwordStdin: boolean;
  type: ImportType;
  file: string;
  format: UploadFormat;
  validOnly: boolean;
  dryRun: boolean;
}

/** The upload format from a file name: .csv/.tsv/.txt → csv, .xlsx → xlsx, .jsonl/.ndjson → jsonl. */
export function formatFromFile(file: string): UploadFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.xls') {
    throw new UsageError(
      '不支持旧版 .xls，请在 Excel 中另存为 .xlsx / Legacy .xls is not supported; save as .xlsx',
    );
  }
  throw new UsageError(
    `无法从扩展名 "${ext}" 判断格式，请加 --format / Cannot tell the format of "${file}"; pass --format`,
  );
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        type: { type: 'string' },
        file: { type: 'string' },
        format: { type: 'string' },
        'valid-only': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    // An unexpected positional could be a stray password; name the problem, never the value.
    const e = err as { code?: string; message: string };
    throw new UsageError(
      e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? '多余的参数（选项的值请写在选项后面）/ Unexpected argument; option values go right after their option'
        : e.message,
    );
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const email = v.email ?? env.CJ_EMAIL;
  if (!email) throw new UsageError('缺少 --email / --email is required');
  if (!v.type || !(TYPES as readonly string[]).includes(v.type)) {
    throw new UsageError(`--type 应为 ${TYPES.join(' | ')} / --type must be one of ${TYPES.join(', ')}`);
  }
  if (!v.file) throw new UsageError('缺少 --file / --file is required');
  let format: UploadFormat;
  if (v.format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(v.format)) {
      throw new UsageError(
        `--format 应为 ${FORMATS.join(' | ')} / --format must be one of ${FORMATS.join(', ')}`,
      );
    }
    format = v.format as UploadFormat;
  } else format = formatFromFile(v.file);
  const url = (v.url ?? env.CJ_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new UsageError(`--url 不是有效的 http(s) 地址 / --url is not an http(s) URL: ${url}`);
  }
  const password = v.password ?? env.CJ_PASSWORD;
  return {
    url,
    email,
    ...(password !== undefined ? { password } : {}),
    passwordStdin: v['password-stdin'],
    type: v.type as ImportType,
    file: v.file,
    format,
    validOnly: v['valid-only'],
    dryRun: v['dry-run'],
  };
}

// ---------------------------------------------------------------------------------------------
// Output

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

const padEnd = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

/** The report as text: a summary, warnings, and a table of row errors (行 | 字段 | 问题). */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  lines.push(
    `导入报告 / Import report${report.dryRun ? '（试运行，未写入 / dry run, nothing written）' : ''}`,
  );
  lines.push(
    `  共 ${report.total} 行 · 有效 ${report.valid} · 无效 ${report.invalid} · 已导入 ${report.imported}` +
      `  (total ${report.total}, valid ${report.valid}, invalid ${report.invalid}, imported ${report.imported})`,
  );
  if (report.warnings.length > 0) {
    lines.push('', '提示 / Warnings:');
    for (const w of report.warnings) lines.push(`  - ${w}`);
  }
  if (report.errors.length > 0) {
    const head = ['行 line', '字段 field', '问题 problem'] as const;
    const rows = report.errors.map(
      (e) => [String(e.line), e.field, e.message.replace(/\s*\n\s*/g, ' ')] as const,
    );
    const w0 = Math.max(displayWidth(head[0]), ...rows.map((r) => displayWidth(r[0])));
    const w1 = Math.max(displayWidth(head[1]), ...rows.map((r) => displayWidth(r[1])));
    lines.push('', `${padEnd(head[0], w0)}  ${padEnd(head[1], w1)}  ${head[2]}`);
    lines.push(`${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ${'-'.repeat(displayWidth(head[2]))}`);
    for (const r of rows) lines.push(`${padEnd(r[0], w0)}  ${padEnd(r[1], w1)}  ${r[2]}`);
  }
  return lines.join('\n') + '\n';
}

/** 1 when rows were rejected and nothing was imported, else 0. */
export function exitCodeFor(report: ImportReport): 0 | 1 {
  return report.invalid > 0 && report.imported === 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface CliIO {
  fetch: typeof fetch;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks for the password when none was given (hidden prompt on a terminal, or stdin). */
  readPassword: (opts: { fromStdin: boolean }) => Promise<string>;
}

interface ApiErrorBody {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

class HttpFailure extends Error {}

async function apiError(res: Response, what: string): Promise<HttpFailure> {
  let body: ApiErrorBody | undefined;
  try {
    body = (await res.json()) as ApiErrorBody;
  } catch {
    body = undefined;
  }
  const parts = [`${what}：HTTP ${res.status}`];
  if (body?.error?.message) parts.push(body.error.message);
  for (const [field, message] of Object.entries(body?.error?.fields ?? {}))
    parts.push(`  ${field}: ${message}`);
  return new HttpFailure(parts.join('\n'));
}

function sessionCookie(res: Response): string | undefined {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0]!.trim();
    if (pair.startsWith(`${SESSION_COOKIE}=`)) return pair;
  }
  return undefined;
}

/** Runs one import; returns the process exit code. */
export async function runImport(opts: CliOptions, io: CliIO): Promise<number> {
  let data: Buffer;
  try {
    const info = await stat(opts.file);
    if (info.size > MAX_UPLOAD_BYTES) {
      io.err(`文件超过 20 MB 上限，请拆分后再导入 / ${opts.file} is larger than 20 MB; split it\n`);
      return 2;
    }
    data = await readFile(opts.file);
  } catch (err) {
    io.err(`无法读取文件 / Cannot read ${opts.file}: ${(err as Error).message}\n`);
    return 2;
  }

  const password = opts.password ?? (await io.readPassword({ fromStdin: opts.passwordStdin }));
  if (!password) {
    io.err('缺少密码 / No password given (use $CJ_PASSWORD, --password-stdin or --password)\n');
    return 2;
  }

  let cookie: string | undefined;
  let csrf: string | undefined;
  try {
    const login = await io.fetch(`${opts.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: opts.email, password }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!login.ok) throw await apiError(login, `登录失败 / Sign-in failed for ${opts.email}`);
    cookie = sessionCookie(login);
    csrf = ((await login.json()) as { csrfToken?: string }).csrfToken;
    if (!cookie || !csrf) throw new HttpFailure('登录响应缺少会话 / The sign-in response carried no session');

    const query = new URLSearchParams({
      format: opts.format,
      validOnly: String(opts.validOnly),
      dryRun: String(opts.dryRun),
    });
    io.err(`上传 / Uploading ${opts.file} (${opts.format}, ${data.length} bytes) → ${opts.type}…\n`);
    const res = await io.fetch(`${opts.url}/api/v1/imports/${opts.type}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie, 'x-csrf-token': csrf },
      body: data,
      signal: AbortSignal.timeout(15 * 60_000),
    });
    if (!res.ok) throw await apiError(res, '导入失败 / Import failed');
    const report = (await res.json()) as ImportReport;
    io.out(formatReport(report));
    const code = exitCodeFor(report);
    if (code !== 0) io.err('没有导入任何数据 / Nothing was imported\n');
    return code;
  } catch (err) {
    if (err instanceof HttpFailure) io.err(`${err.message}\n`);
    else {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const why = e.cause?.code ?? e.cause?.message ?? e.message;
      io.err(`无法连接 ${opts.url} / Cannot reach ${opts.url}: ${why}\n`);
    }
    return 2;
  } finally {
    if (cookie && csrf) {
      // End the session; a failure here changes nothing about the import.
      await io
        .fetch(`${opts.url}/api/v1/auth/logout`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': csrf },
          signal: AbortSignal.timeout(10_000),
        })
        .catch(() => undefined);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Terminal

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Hidden prompt: raw mode, nothing echoed. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (input: string) => {
      for (const ch of input) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword({ fromStdin }: { fromStdin: boolean }): Promise<string> {
  if (fromStdin) return readStdin();
  if (process.stdin.isTTY) return promptHidden('密码 / Password: ');
  return '';
}

export async function main(argv: readonly string[]): Promise<number> {
  let opts: CliOptions | 'help';
  try {
    opts = parseCliArgs(argv, process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${usage}`);
    return 2;
  }
  if (opts === 'help') {
    console.log(usage);
    return 0;
  }
  return runImport(opts, {
    fetch: globalThis.fetch,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readPassword,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 2;
    },
  );
}
