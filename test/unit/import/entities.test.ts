import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importEntities } from '../../../server/services/import/entities.ts';
import { ImportFileError } from '../../../server/services/import/errors.ts';
import { prepareImport, reportFor, rowsToImport } from '../../../server/services/import/pipeline.ts';
import { importTypes } from '../../../server/services/import/schemas.ts';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('column specs agree with the row schemas', () => {
  for (const type of importTypes) {
    it(`${type}: required columns are the schema's required fields, and every field exists`, () => {
      const { columns, schema } = importEntities[type];
      const s = schema as unknown as { required?: string[]; properties: Record<string, unknown> };
      const required = columns.columns.filter((c) => c.required).map((c) => c.field);
      expect(required.sort()).toEqual([...(s.required ?? [])].sort());
      const fields = [...columns.columns.map((c) => c.field), ...(columns.groups ?? []).map((g) => g.field)];
      expect(fields.sort()).toEqual(Object.keys(s.properties).sort());
    });
  }
});

describe('challenges', () => {
  it('imports an XLSX sheet with Chinese headers, labels, a date cell and number cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('需求清单');
    ws.addRow([
      '标题*',
      '摘要',
      '需求背景',
      '研究目标',
      '交付成果',
      '学科代码',
      '所需技能',
      '所属行业',
      '需求类型',
      '学位层次',
      '学位类型',
      '名额',
      '预算（万元）',
      '地区',
      '是否驻场',
      '申报截止',
      '交付日期',
      '保密等级',
    ]);
    ws.addRow([
      '变电站巡检机器人视觉定位',
      '巡检机器人在强光下定位漂移',
      '现有方案依赖人工复核',
      '定位误差 < 2 cm',
      '算法 + 论文',
      812,
      'ROS；OpenCV、SLAM',
      '智能电网',
      '学位论文选题',
      '硕士',
      '专业学位',
      3,
      50,
      '江苏苏州',
      '是',
      new Date(Date.UTC(2025, 8, 1)),
      '2026/6/30',
      '保密（NDA）',
    ]);
    ws.addRow([
      '缺陷检测',
      '摘要',
      '背景',
      '目标',
      null,
      null,
      null,
      null,
      '兼职',
      '博士',
      '学术',
      0,
      '十万',
      '北京',
      '否',
      null,
      null,
      '公开',
    ]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());

    const prepared = await prepareImport('challenges', data, 'xlsx');
    expect(prepared).toEqual({
      total: 2,
      valid: [
        {
          line: 2,
          value: {
            title: '变电站巡检机器人视觉定位',
            summary: '巡检机器人在强光下定位漂移',
            background: '现有方案依赖人工复核',
            goals: '定位误差 < 2 cm',
            deliverables: '算法 + 论文',
            disciplines: ['0812'],
            skills: ['ROS', 'OpenCV', 'SLAM'],
            industry: '智能电网',
            kind: 'thesis_topic',
            degreeLevel: 'master',
            degreeType: 'professional',
            seats: 3,
            budgetWan: 50,
            region: '江苏苏州',
            onSite: true,
            applyBy: '2025-09-01',
            deliverBy: '2026-06-30',
            confidentiality: 'nda',
          },
        },
      ],
      errors: [
        {
          line: 3,
          field: 'kind',
          message:
            '需求类型: 无法识别「兼职」，可填：学位论文选题、毕业设计、论文选题、联合研发、实习、工学交替 / one of thesis_topic, joint_rnd, internship, work_study',
        },
        { line: 3, field: 'seats', message: '名额: 必须 ≥ 1 / must be ≥ 1' },
        {
          line: 3,
          field: 'budgetWan',
          message: '预算（万元）: 「十万」不是整数 / "十万" is not a whole number',
        },
      ],
      warnings: [],
    });
  });

  it('imports CSV with English headers', async () => {
    const csv = [
      'title,summary,background,goals,kind,region,seats,on_site,apply_by,budget,confidentiality,notes',
      'Edge AI,Short,Long text,Goals,joint_rnd,Shenzhen,2,false,2025-10-01,120万,public,ignored',
    ].join('\n');
    expect(await prepareImport('challenges', utf8(csv), 'csv')).toEqual({
      total: 1,
      valid: [
        {
          line: 2,
          value: {
            title: 'Edge AI',
            summary: 'Short',
            background: 'Long text',
            goals: 'Goals',
            kind: 'joint_rnd',
            region: 'Shenzhen',
            seats: 2,
            onSite: false,
            applyBy: '2025-10-01',
            budgetWan: 120,
            confidentiality: 'public',
          },
        },
      ],
      errors: [],
      warnings: ['未识别的列「notes」，已忽略 / Unknown column "notes" was ignored'],
    });
  });

  it('refuses a file missing a required column, naming its spellings', async () => {
    const csv = '标题,摘要,背景,目标,地区\n a,b,c,d,e\n';
    const err = await prepareImport('challenges', utf8(csv), 'csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).message).toBe(
      '缺少必填列：「类型」（类型 / 需求类型 / 合作类型 / kind / type） / Missing required columns: kind',
    );
  });
});

describe('mentors', () => {
  it('imports CSV with repeated publication columns', async () => {
    const csv = [
      '姓名,导师类型,职称,邮箱,地区,学科,研究方向,指导容量,论文1标题,论文1摘要,论文1年份,论文2标题,论文2摘要,论文2年份',
      '陈明,校内导师,教授,chen@example.edu.cn,南京,0812；0835,机器视觉,4,基于深度学习的缺陷检测,提出一种方法,2022,,,',
      '刘工,企业导师,高级工程师,liu@example.com,苏州,,工业软件,2人,工业软件架构,,2021年,边缘计算调度,摘要二,2023',
      '王五,访问学者,,wang.example.com,上海,,,,,,,,,',
    ].join('\n');
    expect(await prepareImport('mentors', utf8(csv), 'csv')).toEqual({
      total: 3,
      valid: [
        {
          line: 2,
          value: {
            name: '陈明',
            kind: 'campus',
            title: '教授',
            email: 'chen@example.edu.cn',
            region: '南京',
            disciplines: ['0812', '0835'],
            interests: '机器视觉',
            capacity: 4,
            publications: [{ title: '基于深度学习的缺陷检测', abstract: '提出一种方法', year: 2022 }],
          },
        },
        {
          line: 3,
          value: {
            name: '刘工',
            kind: 'industry',
            title: '高级工程师',
            email: 'liu@example.com',
            region: '苏州',
            interests: '工业软件',
            capacity: 2,
            publications: [
              { title: '工业软件架构', year: 2021 },
              { title: '边缘计算调度', abstract: '摘要二', year: 2023 },
            ],
          },
        },
      ],
      errors: [
        {
          line: 4,
          field: 'kind',
          message:
            '导师类型: 无法识别「访问学者」，可填：校内导师、校内、学术导师、产业导师、企业导师、行业导师、产业、企业 / one of campus, industry',
        },
        { line: 4, field: 'email', message: '邮箱: 邮箱格式不正确 / must be a valid email address' },
      ],
      warnings: [],
    });
  });

  it('names the numbered columns in errors about a publication', async () => {
    const csv = [
      '姓名,类型,地区,论文1标题,论文2标题,论文2摘要,论文2年份',
      '陈明,产业导师,南京,,,只有摘要,1900',
    ].join('\n');
    const prepared = await prepareImport('mentors', utf8(csv), 'csv');
    expect(prepared.errors).toEqual([
      { line: 2, field: 'publications.0.title', message: '论文2 title: 必填 / required' },
      { line: 2, field: 'publications.0.year', message: '论文2 year: 必须 ≥ 1950 / must be ≥ 1950' },
    ]);
  });

  it('imports JSONL with publications as JSON, reporting the broken line and repeated emails', async () => {
    const jsonl = [
      '{"name":"周老师","kind":"campus","region":"杭州","email":"zhou@zju.example.cn","publications":[{"title":"图神经网络综述","keywords":["GNN","综述"],"year":2020}]}',
      '{"name":"赵工","kind":"industry","region":"杭州","publications":[{"abstract":"缺标题"}]',
      '{"name":"赵工","kind":"industry","region":"杭州","publications":[{"abstract":"缺标题"}]}',
      '{"name":"周二","kind":"campus","region":"杭州","email":"ZHOU@zju.example.cn","capacity":31}',
    ].join('\n');
    const prepared = await prepareImport('mentors', utf8(jsonl), 'jsonl');
    expect(prepared.valid).toEqual([
      {
        line: 1,
        value: {
          name: '周老师',
          kind: 'campus',
          region: '杭州',
          email: 'zhou@zju.example.cn',
          publications: [{ title: '图神经网络综述', keywords: ['GNN', '综述'], year: 2020 }],
        },
      },
    ]);
    expect(prepared.errors.map((e) => [e.line, e.field])).toEqual([
      [2, '(row)'],
      [3, 'publications.0.title'],
      [4, 'email'],
      [4, 'capacity'],
    ]);
    expect(prepared.errors[1]!.message).toBe('publications 第1项 title: 必填 / required');
    expect(prepared.errors[2]!.message).toBe(
      'email: 「ZHOU@zju.example.cn」与第 1 行重复 / duplicates row 1',
    );
    expect(prepared.errors[3]!.message).toBe('capacity: 必须 ≤ 30 / must be ≤ 30');
  });
});

describe('students', () => {
  it('imports XLSX where 学号 is a number and 年级 says 2023级, rejecting a repeated 学号', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学生');
    ws.addRow(['学号', '姓名', '专业', '学位层次', '学位类型', '年级', '技能', '个人陈述', '邮箱']);
    ws.addRow([
      2023001,
      '张三',
      '0854',
      '硕士',
      '专硕',
      '2023级',
      'Python、PyTorch',
      '对视觉感兴趣',
      'zs@stu.example.cn',
    ]);
    ws.addRow(['2023002', '李四', '电子信息', '博士', '学术学位', 2024, null, null, null]);
    ws.addRow(['2023001', '王五', '电子信息', null, null, 1999, null, null, null]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await prepareImport('students', data, 'xlsx')).toEqual({
      total: 3,
      valid: [
        {
          line: 2,
          value: {
            studentNo: '2023001',
            name: '张三',
            discipline: '0854',
            degreeLevel: 'master',
            degreeType: 'professional',
            cohort: 2023,
            skills: ['Python', 'PyTorch'],
            statement: '对视觉感兴趣',
            email: 'zs@stu.example.cn',
          },
        },
        {
          line: 3,
          value: {
            studentNo: '2023002',
            name: '李四',
            discipline: '电子信息',
            degreeLevel: 'doctor',
            degreeType: 'academic',
            cohort: 2024,
          },
        },
      ],
      errors: [
        { line: 4, field: 'studentNo', message: '学号: 「2023001」与第 2 行重复 / duplicates row 2' },
        { line: 4, field: 'cohort', message: '年级: 必须 ≥ 2000 / must be ≥ 2000' },
      ],
      warnings: [],
    });
  });
});

describe('rowsToImport and reportFor', () => {
  const csv = ['学号,姓名,专业,年级', 'S1,甲,0812,2023', 'S2,乙,0812,二三', 'S3,丙,0812,2024'].join('\n');

  it('imports all or nothing unless validOnly, nothing on a dry run', async () => {
    const prepared = await prepareImport('students', utf8(csv), 'csv');
    expect(rowsToImport(prepared, { validOnly: false, dryRun: false })).toEqual([]);
    expect(rowsToImport(prepared, { validOnly: true, dryRun: false }).map((r) => r.line)).toEqual([2, 4]);
    expect(rowsToImport(prepared, { validOnly: true, dryRun: true })).toEqual([]);
  });

  it('reports counts and explains why nothing was imported', async () => {
    const prepared = await prepareImport('students', utf8(csv), 'csv');
    const error = {
      line: 3,
      field: 'cohort',
      message: '年级: 「二三」不是整数 / "二三" is not a whole number',
    };
    expect(reportFor(prepared, { imported: 0, validOnly: false, dryRun: false })).toEqual({
      total: 3,
      valid: 2,
      invalid: 1,
      imported: 0,
      errors: [error],
      warnings: [
        '有错误行，因此没有导入任何数据；请修正后重新导入，或选择“只导入有效行” / Nothing was imported because some rows are invalid; fix them and retry, or import the valid rows only',
      ],
      dryRun: false,
    });
    expect(reportFor(prepared, { imported: 2, validOnly: true, dryRun: false })).toEqual({
      total: 3,
      valid: 2,
      invalid: 1,
      imported: 2,
      errors: [error],
      warnings: [],
      dryRun: false,
    });
  });
});
