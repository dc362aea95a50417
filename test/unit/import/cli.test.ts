import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  displayWidth,
  exitCodeFor,
  formatFromFile,
  formatReport,
  parseCliArgs,
  runImport,
  UsageError,
  type CliOptions,
} from '../../../server/cli/import.ts';
import type { ImportReport } from '../../../server/services/import/schemas.ts';

const PASSWORD = 'correct horse battery staple';

describe('parseCliArgs', () => {
  it('reads options, infers the format and strips a trailing slash from the URL', () => {
    expect(
      parseCliArgs(
        [
          '--url',
          'http://x.test:3000/',
          '--email',
          'a@b.cn',
          '--type',
          'students',
          '--file',
          '学生.XLSX',
          '--dry-run',
        ],
        { CJ_PASSWORD: PASSWORD },
      ),
    ).toEqual({
      url: 'http://x.test:3000',
      email: 'a@b.cn',
      password: PASSWORD,
      passwordStdin: false,
      type: 'students',
      file: '学生.XLSX',
      format: 'xlsx',
      validOnly: false,
      dryRun: true,
    });
  });

  it('refuses bad input without echoing values', () => {
    const error = (argv: string[]) => {
      try {
        parseCliArgs(argv);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error('expected a usage error');
    };
    expect(error(['--email', 'a@b.cn', '--type', 'teachers', '--file', 'x.csv'])).toBe(
      '--type 应为 challenges | mentors | students / --type must be one of challenges, mentors, students',
    );
    expect(error(['--email', 'a@b.cn', '--type', 'mentors', '--file', 'x.xls'])).toBe(
      '不支持旧版 .xls，请在 Excel 中另存为 .xlsx / Legacy .xls is not supported; save as .xlsx',
    );
    expect(error(['--email', 'a@b.cn', '--type', 'mentors', '--valid-only', PASSWORD])).not.toContain(
      PASSWORD,
    );
    expect(error(['--type', 'mentors', '--file', 'x.csv'])).toBe('缺少 --email / --email is required');
  });

  it('maps file extensions to formats', () => {
    expect(['a.csv', 'a.tsv', 'a.TXT', 'a.xlsx', 'a.jsonl', 'a.ndjson'].map(formatFromFile)).toEqual([
      'csv',
      'csv',
      'csv',
      'xlsx',
      'jsonl',
      'jsonl',
    ]);
  });
});

describe('formatReport', () => {
  it('prints a summary, warnings and an aligned table of row errors', () => {
    const report: ImportReport = {
      total: 3,
      valid: 1,
      invalid: 2,
      imported: 0,
      errors: [
        { line: 3, field: 'seats', message: '名额: 必须 ≥ 1 / must be ≥ 1' },
        { line: 12, field: 'publications.0.title', message: 'publications 第1项 title: 必填 / required' },
      ],
      warnings: ['未识别的列「备注」，已忽略 / Unknown column "备注" was ignored'],
      dryRun: true,
    };
    expect(formatReport(report)).toBe(
      [
        '导入报告 / Import report（试运行，未写入 / dry run, nothing written）',
        '  共 3 行 · 有效 1 · 无效 2 · 已导入 0  (total 3, valid 1, invalid 2, imported 0)',
        '',
        '提示 / Warnings:',
        '  - 未识别的列「备注」，已忽略 / Unknown column "备注" was ignored',
        '',
        '行 line  字段 field            问题 problem',
        '-------  --------------------  ------------',
        '3        seats                 名额: 必须 ≥ 1 / must be ≥ 1',
        '12       publications.0.title  publications 第1项 title: 必填 / required',
        '',
      ].join('\n'),
    );
    expect(exitCodeFor(report)).toBe(1);
    expect(exitCodeFor({ ...report, imported: 1 })).toBe(0);
    expect(exitCodeFor({ ...report, invalid: 0, errors: [] })).toBe(0);
  });

  it('counts CJK characters as two columns', () => {
    expect(displayWidth('字段 field')).toBe(10);
    expect(displayWidth('（）')).toBe(4);
  });
});

// A stand-in for the server's HTTP interface (the route is built elsewhere); it checks what the
// CLI sends and answers like the real API.
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

describe('runImport against an HTTP server', () => {
  let server: Server;
  let base: string;
  let dir: string;
  let file: string;
  let seen: Seen[];
  let answer: { status: number; body: unknown };

  const report: ImportReport = {
    total: 2,
    valid: 1,
    invalid: 1,
    imported: 0,
    errors: [{ line: 3, field: 'cohort', message: '年级: 必须 ≥ 2000 / must be ≥ 2000' }],
    warnings: [],
    dryRun: false,
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cj-import-cli-'));
    file = join(dir, '学生.csv');
    await writeFile(file, '学号,姓名,专业,年级\nS1,甲,0812,2023\nS2,乙,0812,1999\n');
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        if (req.url === '/api/v1/auth/login') {
          const { password } = JSON.parse(body.toString()) as { password: string };
          if (password !== PASSWORD) {
            res.statusCode = 401;
            res.end(
              JSON.stringify({
                error: { code: 'invalid_credentials', message: '邮箱或密码错误 / Wrong email or password' },
              }),
            );
            return;
          }
          res.setHeader('set-cookie', ['cj_session=tok123; Path=/; HttpOnly; SameSite=Lax']);
          res.end(JSON.stringify({ csrfToken: 'csrf456', expiresAt: '2030-01-01T00:00:00.000Z' }));
          return;
        }
        if (req.url === '/api/v1/auth/logout') {
          res.end(JSON.stringify({ ok: true }));
          return;
        }
        res.statusCode = answer.status;
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    seen = [];
    answer = { status: 200, body: report };
  });

  const options = (over: Partial<CliOptions> = {}): CliOptions => ({
    url: base,
    email: 'grad@uni.example.cn',
    password: PASSWORD,
    passwordStdin: false,
    type: 'students',
    file,
    format: 'csv',
    validOnly: false,
    dryRun: false,
    ...over,
  });

  async function run(opts: CliOptions) {
    let out = '';
    let err = '';
    const code = await runImport(opts, {
      fetch: globalThis.fetch,
      out: (t) => (out += t),
      err: (t) => (err += t),
      readPassword: () => Promise.resolve(PASSWORD),
    });
    return { code, out, err };
  }

  it('signs in, uploads the raw file with cookie and CSRF header, prints the report and signs out', async () => {
    const { code, out, err } = await run(options({ validOnly: true, dryRun: true }));
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /api/v1/auth/login',
      'POST /api/v1/imports/students?format=csv&validOnly=true&dryRun=true',
      'POST /api/v1/auth/logout',
    ]);
    expect(JSON.parse(seen[0]!.body.toString())).toEqual({
      email: 'grad@uni.example.cn',
      password: PASSWORD,
    });
    const upload = seen[1]!;
    expect(upload.headers['content-type']).toBe('application/octet-stream');
    expect(upload.headers.cookie).toBe('cj_session=tok123');
    expect(upload.headers['x-csrf-token']).toBe('csrf456');
    expect(upload.body.toString()).toBe('学号,姓名,专业,年级\nS1,甲,0812,2023\nS2,乙,0812,1999\n');
    expect(seen[2]!.headers['x-csrf-token']).toBe('csrf456');

    expect(out).toBe(formatReport(report));
    expect(code).toBe(1);
    expect(err).toContain('没有导入任何数据 / Nothing was imported');
    expect(out + err).not.toContain(PASSWORD);
  });

  it('exits 0 when rows were imported', async () => {
    answer = { status: 200, body: { ...report, imported: 1 } };
    expect((await run(options({ validOnly: true }))).code).toBe(0);
  });

  it('prints file-level errors with their fields and exits 2', async () => {
    answer = {
      status: 400,
      body: {
        error: {
          code: 'import_missing_columns',
          message: '缺少必填列：「年级」 / Missing required columns: cohort',
          fields: { cohort: '缺少此列，表头可写作：年级 / 入学年份 / cohort' },
        },
      },
    };
    const { code, err } = await run(options());
    expect(code).toBe(2);
    expect(err).toContain(
      '导入失败 / Import failed：HTTP 400\n缺少必填列：「年级」 / Missing required columns: cohort\n  cohort: 缺少此列，表头可写作：年级 / 入学年份 / cohort\n',
    );
  });

  it('reports a failed sign-in without the password and uploads nothing', async () => {
    const { code, out, err } = await run(options({ password: 'wrong password 123' }));
    expect(code).toBe(2);
    expect(seen.map((s) => s.url)).toEqual(['/api/v1/auth/login']);
    expect(err).toBe(
      '登录失败 / Sign-in failed for grad@uni.example.cn：HTTP 401\n邮箱或密码错误 / Wrong email or password\n',
    );
    expect(out + err).not.toContain('wrong password 123');
  });

  it('refuses a missing file before contacting the server', async () => {
    const { code, err } = await run(options({ file: join(dir, 'nope.csv') }));
    expect(code).toBe(2);
    expect(seen).toEqual([]);
    expect(err).toMatch(/^无法读取文件 \/ Cannot read .*nope\.csv: ENOENT/);
  });
});
