/** Bulk import through the API: per-row report, all-or-nothing by default, valid rows on request, CSV/XLSX/JSONL. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../server/cli/import.ts';
import { PASSWORD, registerOrg, type OrgHandle } from '../factories.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let ent: OrgHandle;
let uni: OrgHandle;
beforeAll(async () => {
  t = await createTestApp();
  ent = await registerOrg(t.app, 'enterprise');
  uni = await registerOrg(t.app, 'university');
});
afterAll(() => t.close());

const HEADER = '标题,摘要,背景,目标,类型,地区,名额,预算(万元),技能\n';
const good = (n: number) =>
  `工业视觉缺陷检测${n},表面缺陷检测,产线需要,检出率99%,联合研发,江苏省,2,20,机器视觉;深度学习\n`;

async function mine(org: OrgHandle) {
  return (await org.client.get('/api/v1/challenges?mine=true&limit=100')).body.items as { title: string }[];
}

describe('challenge import', () => {
  it('a file with bad rows reports each row and writes nothing', async () => {
    const before = (await mine(ent)).length;
    const csv =
      HEADER +
      good(1) +
      '缺名额,摘要,背景,目标,联合研发,江苏省,0,20,x\n' +
      good(2) +
      ',摘要,背景,目标,放假,江苏省,1,1,x\n';
    const res = await ent.client.upload('/api/v1/imports/challenges?format=csv', Buffer.from(csv));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, valid: 2, invalid: 2, imported: 0, dryRun: false });
    const lines = res.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`);
    expect(lines).toEqual(expect.arrayContaining(['3:seats', '5:title', '5:kind']));
    expect(res.body.warnings.join(' ')).toMatch(/Nothing was imported/);
    expect((await mine(ent)).length).toBe(before);
  });

  it('validOnly imports the valid rows; dryRun writes nothing', async () => {
    const before = (await mine(ent)).length;
    const csv = HEADER + good(3) + '缺名额,摘要,背景,目标,联合研发,江苏省,0,20,x\n';
    const dry = await ent.client.upload(
      '/api/v1/imports/challenges?format=csv&validOnly=true&dryRun=true',
      Buffer.from(csv),
    );
    expect(dry.body).toMatchObject({ valid: 1, invalid: 1, imported: 0, dryRun: true });
    expect((await mine(ent)).length).toBe(before);
    const res = await ent.client.upload(
      '/api/v1/imports/challenges?format=csv&validOnly=true',
      Buffer.from(csv),
    );
    expect(res.body).toMatchObject({ valid: 1, invalid: 1, imported: 1 });
    const after = await mine(ent);
    expect(after.length).toBe(before + 1);
    expect(after.map((c) => c.title)).toContain('工业视觉缺陷检测3');
  });

  it('reads XLSX and JSON Lines', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('需求');
    ws.addRow(['title', 'summary', 'background', 'goals', 'kind', 'region', 'seats', 'applyBy']);
    ws.addRow([
      '氢燃料电池膜电极寿命',
      '寿命评估',
      '背景',
      '目标',
      'joint_rnd',
      '上海市',
      3,
      new Date(Date.UTC(2027, 0, 15)),
    ]);
    const xlsx = await ent.client.upload(
      '/api/v1/imports/challenges?format=xlsx',
      Buffer.from(await wb.xlsx.writeBuffer()),
    );
    expect(xlsx.body).toMatchObject({ total: 1, imported: 1, errors: [] });
    const jsonl = [
      JSON.stringify({
        title: '储能电站热失控预警',
        summary: 's',
        background: 'b',
        goals: 'g',
        kind: 'internship',
        region: '浙江省',
      }),
      '{broken',
    ].join('\n');
    const j = await ent.client.upload('/api/v1/imports/challenges?format=jsonl', Buffer.from(jsonl));
    expect(j.body).toMatchObject({ total: 2, valid: 1, invalid: 1, imported: 0 });
    expect(j.body.errors[0].line).toBe(2);
    const titles = (await mine(ent)).map((c) => c.title);
    expect(titles).toContain('氢燃料电池膜电极寿命');
    expect(titles).not.toContain('储能电站热失控预警');
  });

  it('a university cannot import challenges, and anonymous callers are refused', async () => {
    expect(
      (
        await uni.client.upload(
          `/api/v1/imports/challenges?format=csv&orgId=${ent.orgId}`,
          Buffer.from(HEADER + good(9)),
        )
      ).status,
    ).toBe(403);
    const { Client } = await import('../support/app.ts');
    expect(
      (await new Client(t.app).upload('/api/v1/imports/challenges?format=csv', Buffer.from(HEADER + good(9))))
        .status,
    ).toBe(401);
  });
});

describe('challenge dates out of order, over HTTP and through the CLI', () => {
  let base: string;
  let dir: string;
  beforeAll(async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    dir = await mkdtemp(join(tmpdir(), 'cj-import-dates-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const DATED = '标题,摘要,背景,目标,类型,地区,名额,申报截止,交付日期\n';
  const dated = (title: string, applyBy: string, deliverBy: string) =>
    `${title},摘要,背景,目标,联合研发,江苏省,2,${applyBy},${deliverBy}\n`;

  async function cli(file: string, validOnly: boolean) {
    let out = '';
    const code = await runImport(
      {
        url: base,
        email: ent.email,
        password: PASSWORD,
        passwordStdin: false,
        type: 'challenges',
        file,
        format: 'csv',
        validOnly,
        dryRun: false,
      },
      {
        fetch: globalThis.fetch,
        out: (text) => (out += text),
        err: () => undefined,
        readPassword: () => Promise.resolve(PASSWORD),
      },
    );
    return { code, out };
  }

  it('reports a deadline after the delivery date as a row error; valid rows only imports the others', async () => {
    const csv =
      DATED +
      dated('日期有序需求A', '2027-03-01', '2027-12-31') +
      dated('日期颠倒需求', '2027-09-01', '2027-06-30') +
      dated('日期有序需求B', '2027-05-01', '2027-05-01');
    const before = (await mine(ent)).length;

    const dry = await fetch(`${base}/api/v1/imports/challenges?format=csv&dryRun=true`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        cookie: ent.client.cookie!,
        'x-csrf-token': ent.client.csrf!,
      },
      body: csv,
    });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({
      total: 3,
      valid: 2,
      invalid: 1,
      imported: 0,
      errors: [
        {
          line: 3,
          field: 'deliverBy',
          message: expect.stringMatching(/applyBy must not be after deliverBy/),
        },
      ],
    });

    const file = join(dir, '需求.csv');
    await writeFile(file, csv);
    const all = await cli(file, false);
    expect(all.code).toBe(1);
    expect(all.out).toMatch(/^3\s+deliverBy\s+.*applyBy must not be after deliverBy/m);
    expect((await mine(ent)).length).toBe(before);

    const validOnly = await cli(file, true);
    expect(validOnly.code).toBe(0);
    expect(validOnly.out).toMatch(/imported 2/);
    const titles = (await mine(ent)).map((c) => c.title);
    expect(titles).toEqual(expect.arrayContaining(['日期有序需求A', '日期有序需求B']));
    expect(titles).not.toContain('日期颠倒需求');
  });
});

describe('students and mentors import', () => {
  it('imports students with discipline names resolved to catalogue codes', async () => {
    const csv =
      '学号,姓名,学科,年级,学位类型\n2026001,王小明,计算机科学与技术,2026,专业\n2026002,李华,电子信息,2026,专业\n2026003,赵六,炼金术,2026,专业\n';
    const res = await uni.client.upload('/api/v1/imports/students?format=csv', Buffer.from(csv));
    expect(res.body).toMatchObject({ total: 3, invalid: 1, imported: 0 });
    expect(res.body.errors[0]).toMatchObject({ line: 4, field: 'discipline' });
    const ok = await uni.client.upload(
      '/api/v1/imports/students?format=csv&validOnly=true',
      Buffer.from(csv),
    );
    expect(ok.body.imported).toBe(2);
    const list = await uni.client.get(`/api/v1/students?orgId=${uni.orgId}&limit=100`);
    const byNo = Object.fromEntries(
      list.body.items.map((s: { studentNo: string; discipline: string }) => [s.studentNo, s.discipline]),
    );
    expect(byNo).toMatchObject({ '2026001': '0812', '2026002': '0854' });
  });

  it('reports student numbers already in use per row, and refuses them through the API', async () => {
    const csv = '学号,姓名,学科,年级,学位类型\n2027001,周一,0812,2027,专业\n2027002,吴二,0854,2027,专业\n';
    const first = await uni.client.upload('/api/v1/imports/students?format=csv', Buffer.from(csv));
    expect(first.body).toMatchObject({ total: 2, invalid: 0, imported: 2 });

    const again = await uni.client.upload(
      '/api/v1/imports/students?format=csv',
      Buffer.from(`${csv}2027003,郑三,0812,2027,专业\n`),
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ total: 3, invalid: 2, imported: 0 });
    expect(again.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [2, 'studentNo'],
      [3, 'studentNo'],
    ]);

    const direct = await uni.client.post('/api/v1/students', {
      orgId: uni.orgId,
      students: [
        { studentNo: '2027003', name: '郑三', discipline: '0812', cohort: 2027 },
        { studentNo: '2027001', name: '周一', discipline: '0812', cohort: 2027 },
      ],
    });
    expect(direct.status).toBe(409);
    expect(direct.body.error.code).toBe('student_no_taken');

    const twice = await uni.client.post('/api/v1/students', {
      orgId: uni.orgId,
      students: [
        { studentNo: '2027009', name: '甲', discipline: '0812', cohort: 2027 },
        { studentNo: '2027009', name: '乙', discipline: '0812', cohort: 2027 },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields).toHaveProperty(['students.1.studentNo']);

    const list = await uni.client.get(`/api/v1/students?orgId=${uni.orgId}&q=2027&limit=100`);
    expect(list.body.items.map((s: { studentNo: string }) => s.studentNo).sort()).toEqual([
      '2027001',
      '2027002',
    ]);
  });

  it('imports mentors with publications into the pool as applications', async () => {
    const jsonl = JSON.stringify({
      name: '陈教授',
      kind: 'campus',
      region: '江苏省',
      capacity: 3,
      interests: '工业互联网',
      publications: [{ title: '边缘计算任务卸载', abstract: '研究了……' }],
    });
    const res = await uni.client.upload('/api/v1/imports/mentors?format=jsonl', Buffer.from(jsonl));
    expect(res.body).toMatchObject({ imported: 1, errors: [] });
    const list = await uni.client.get(`/api/v1/mentors?poolOrgId=${uni.orgId}&state=applied`);
    const m = list.body.items.find((x: { name: string }) => x.name === '陈教授');
    expect(m).toBeDefined();
    expect((await uni.client.get(`/api/v1/mentors/${m.id}`)).body.publications[0].title).toBe(
      '边缘计算任务卸载',
    );
  });
});

describe('who may check a file', () => {
  it('a dry run asks the same permission as the import, before reading the file', async () => {
    const other = await registerOrg(t.app, 'university');
    const mentors = JSON.stringify({ name: '某导师', kind: 'campus', region: '江苏省' });
    for (const [client, url] of [
      [uni.client, `/api/v1/imports/mentors?format=jsonl&dryRun=true&orgId=${other.orgId}`],
      [ent.client, `/api/v1/imports/mentors?format=jsonl&dryRun=true&orgId=${uni.orgId}`],
      [ent.client, `/api/v1/imports/students?format=jsonl&dryRun=true&orgId=${uni.orgId}`],
      [uni.client, `/api/v1/imports/challenges?format=jsonl&dryRun=true&orgId=${ent.orgId}`],
    ] as const)
      expect((await client.upload(url, Buffer.from(mentors))).status).toBe(403);
    // Nothing was logged against the other university either.
    const log = await other.client.get(`/api/v1/audit?entityType=import&entityId=${other.orgId}`);
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([]);
    // The pool's own admins may check it.
    const own = await other.client.upload(
      `/api/v1/imports/mentors?format=jsonl&dryRun=true&orgId=${other.orgId}`,
      Buffer.from(mentors),
    );
    expect(own.body).toMatchObject({ valid: 1, imported: 0, dryRun: true });
  });
});

describe('import templates', () => {
  it('names the columns of each type, required ones flagged', async () => {
    const res = await uni.client.get('/api/v1/imports/students/columns');
    expect(res.status).toBe(200);
    const byField = Object.fromEntries(
      res.body.items.map((c: { field: string; header: string; required: boolean }) => [c.field, c]),
    );
    expect(byField.studentNo).toMatchObject({ header: '学号', required: true });
    expect(byField.statement).toMatchObject({ required: false });
    expect((await uni.client.get('/api/v1/imports/nothing/columns')).status).toBe(400);
  });

  it('serves a CSV, XLSX and JSONL template whose example row passes a dry run', async () => {
    for (const [type, org] of [
      ['challenges', ent],
      ['mentors', uni],
      ['students', uni],
    ] as const)
      for (const format of ['csv', 'xlsx', 'jsonl']) {
        const file = await org.client.get(`/api/v1/imports/${type}/template?format=${format}`);
        expect(file.status).toBe(200);
        expect(String(file.headers['content-disposition'])).toContain(`${type}-template.${format}`);
        const dry = await org.client.upload(`/api/v1/imports/${type}?format=${format}&dryRun=true`, file.raw);
        expect(dry.body).toMatchObject({ total: 1, valid: 1, invalid: 0, imported: 0, errors: [] });
      }
  });
});
