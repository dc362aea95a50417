import { describe, expect, it } from 'vitest';
import {
  coerceCell,
  coerceDate,
  mapRows,
  normaliseHeader,
  type ColumnSpec,
  type EntityColumns,
} from '../../../server/services/import/columns.ts';
import { ImportFileError } from '../../../server/services/import/errors.ts';
import type { RawRow } from '../../../server/services/import/parse.ts';

const spec = (type: ColumnSpec['type'], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  field: 'f',
  headers: ['f'],
  type,
  ...extra,
});

describe('normaliseHeader', () => {
  it('ignores case, spaces, _, -, *, : and full-width forms', () => {
    expect(normaliseHeader(' 预算（万元）* ')).toBe('预算(万元)');
    expect(normaliseHeader('Degree_Level')).toBe('degreelevel');
    expect(normaliseHeader('ＴＩＴＬＥ：')).toBe('title');
    expect(normaliseHeader('apply-by')).toBe('applyby');
  });
});

describe('coerceCell', () => {
  it('reads booleans as 是/否, true/false, 1/0', () => {
    const b = spec('boolean');
    expect(['是', '否', 'TRUE', 'false', '1', '0', 1, 0, true, ' Yes '].map((v) => coerceCell(b, v))).toEqual(
      [
        { ok: true, value: true },
        { ok: true, value: false },
        { ok: true, value: true },
        { ok: true, value: false },
        { ok: true, value: true },
        { ok: true, value: false },
        { ok: true, value: true },
        { ok: true, value: false },
        { ok: true, value: true },
        { ok: true, value: true },
      ],
    );
    expect(coerceCell(b, '可能')).toEqual({
      ok: false,
      message: '应填 是/否（或 true/false、1/0） / must be 是/否, true/false or 1/0',
    });
  });

  it('splits lists on ; ； , ， 、 | and newlines, trimming and dropping empties and repeats', () => {
    const l = spec('list');
    expect(coerceCell(l, 'Python；C++、 机器视觉 ,ROS|Python;;\n深度学习')).toEqual({
      ok: true,
      value: ['Python', 'C++', '机器视觉', 'ROS', '深度学习'],
    });
    expect(coerceCell(l, [' a ', 'b', '', 'a'])).toEqual({ ok: true, value: ['a', 'b'] });
    expect(coerceCell(l, { a: 1 })).toEqual({
      ok: false,
      message: '应为列表，用分号、逗号或顿号分隔 / must be a list separated by ; , or 、',
    });
  });

  it('gives discipline codes back the leading zero Excel dropped', () => {
    const codes = spec('list', { codeLengths: [2, 4, 6] });
    expect(coerceCell(codes, '812、0835;81201, 8, 1201')).toEqual({
      ok: true,
      value: ['0812', '0835', '081201', '08', '1201'],
    });
    expect(coerceCell(codes, 812)).toEqual({ ok: true, value: ['0812'] });
  });

  it('reads dates as YYYY-MM-DD from several spellings and Excel serials', () => {
    const inputs: unknown[] = [
      '2025-06-30',
      '2025/6/3',
      '2025.6.30',
      '2025年6月30日',
      '20250630',
      '2025-06-30 18:00',
      '2025-06-30T00:00:00Z',
      45838,
      '45838',
      '２０２５－０６－３０',
    ];
    expect(inputs.map((v) => coerceDate(v))).toEqual([
      { ok: true, value: '2025-06-30' },
      { ok: true, value: '2025-06-03' },
      { ok: true, value: '2025-06-30' },
      { ok: true, value: '2025-06-30' },
      { ok: true, value: '2025-06-30' },
      { ok: true, value: '2025-06-30' },
      { ok: true, value: '2025-06-30' },
      { ok: true, value: '2025-06-30' },
      { ok: true, value: '2025-06-30' },
      { ok: true, value: '2025-06-30' },
    ]);
    expect(coerceDate('2025-02-29')).toEqual({
      ok: false,
      message: '「2025-02-29」不是有效日期 / 2025-02-29 is not a real date',
    });
    expect(coerceDate('下个月')).toEqual({
      ok: false,
      message: '「下个月」日期应写作 YYYY-MM-DD（也可 YYYY/M/D 或 Excel 日期） / use a date like YYYY-MM-DD',
    });
    expect(coerceDate('2025')).toEqual({
      ok: false,
      message: '「2025」日期应写作 YYYY-MM-DD（也可 YYYY/M/D 或 Excel 日期） / use a date like YYYY-MM-DD',
    });
  });

  it('reads integers and numbers with thousands separators and units, and rejects the rest', () => {
    const wan = spec('integer', { units: ['万元', '万'] });
    expect(['1,200', '50万', '50 万元', '３', '7.0', 12, ' -4 '].map((v) => coerceCell(wan, v))).toEqual([
      { ok: true, value: 1200 },
      { ok: true, value: 50 },
      { ok: true, value: 50 },
      { ok: true, value: 3 },
      { ok: true, value: 7 },
      { ok: true, value: 12 },
      { ok: true, value: -4 },
    ]);
    expect(coerceCell(wan, '三')).toEqual({
      ok: false,
      message: '「三」不是整数 / "三" is not a whole number',
    });
    expect(coerceCell(wan, 1.5)).toEqual({ ok: false, message: '必须是整数 / must be a whole number' });
    expect(coerceCell(spec('number'), '1.5e3')).toEqual({ ok: true, value: 1500 });
    expect(coerceCell(spec('number'), '1.2.3')).toEqual({
      ok: false,
      message: '「1.2.3」不是数字 / "1.2.3" is not a number',
    });
  });

  it('reads text from numbers (学号 stored as a number) and maps labels to stored values', () => {
    expect(coerceCell(spec('string'), 2023001)).toEqual({ ok: true, value: '2023001' });
    expect(coerceCell(spec('string'), ' 两行\r\n文本 ')).toEqual({ ok: true, value: '两行\n文本' });
    const kind = spec('string', { values: { 实习: 'internship', '保密(NDA)': 'nda' } });
    expect(coerceCell(kind, '实习')).toEqual({ ok: true, value: 'internship' });
    expect(coerceCell(kind, 'Internship')).toEqual({ ok: true, value: 'internship' });
    expect(coerceCell(kind, '保密（NDA）')).toEqual({ ok: true, value: 'nda' });
    expect(coerceCell(kind, '兼职')).toEqual({
      ok: false,
      message: '无法识别「兼职」，可填：实习、保密(NDA) / one of internship, nda',
    });
  });
});

const people: EntityColumns = {
  columns: [
    { field: 'name', headers: ['姓名', 'name'], type: 'string', required: true },
    { field: 'region', headers: ['地区', 'region'], type: 'string', required: true },
    { field: 'capacity', headers: ['容量', 'capacity'], type: 'integer' },
    { field: 'onSite', headers: ['驻场', 'onSite'], type: 'boolean' },
    { field: 'skills', headers: ['技能', 'skills'], type: 'list' },
    { field: 'applyBy', headers: ['截止日期', 'applyBy'], type: 'date' },
  ],
  groups: [
    {
      field: 'publications',
      prefixes: ['论文', 'paper'],
      headers: ['publications'],
      parts: [
        { field: 'title', headers: ['标题', 'title'], type: 'string' },
        { field: 'year', headers: ['年份', 'year'], type: 'integer' },
      ],
    },
  ],
};

describe('mapRows', () => {
  it('maps Chinese headers to typed fields, leaving out empty cells', () => {
    const rows: RawRow[] = [
      {
        line: 2,
        values: {
          姓名: '张三',
          地区: '北京',
          容量: '3',
          驻场: '是',
          技能: 'Python、ROS',
          截止日期: '2025/7/1',
        },
      },
      { line: 3, values: { 姓名: '李四', 地区: '上海', 容量: '', 驻场: '否', 技能: '', 截止日期: '' } },
    ];
    expect(mapRows(rows, people)).toEqual({
      rows: [
        {
          line: 2,
          value: {
            name: '张三',
            region: '北京',
            capacity: 3,
            onSite: true,
            skills: ['Python', 'ROS'],
            applyBy: '2025-07-01',
          },
          errors: [],
        },
        { line: 3, value: { name: '李四', region: '上海', onSite: false }, errors: [] },
      ],
      warnings: [],
      labels: {
        name: '姓名',
        region: '地区',
        capacity: '容量',
        onSite: '驻场',
        skills: '技能',
        applyBy: '截止日期',
      },
    });
  });

  it('maps English headers in any case, and warns once per unknown header', () => {
    const rows: RawRow[] = [
      { line: 2, values: { Name: 'Ada', REGION: 'Beijing', Notes: 'x', on_site: 'true' } },
      { line: 3, values: { Name: 'Bo', REGION: 'Shanghai', Notes: 'y', on_site: '0' } },
    ];
    expect(mapRows(rows, people)).toEqual({
      rows: [
        { line: 2, value: { name: 'Ada', region: 'Beijing', onSite: true }, errors: [] },
        { line: 3, value: { name: 'Bo', region: 'Shanghai', onSite: false }, errors: [] },
      ],
      warnings: ['未识别的列「Notes」，已忽略 / Unknown column "Notes" was ignored'],
      labels: { name: 'Name', region: 'REGION', onSite: 'on_site' },
    });
  });

  it('reports cells that cannot be read, naming the header the user wrote', () => {
    const rows: RawRow[] = [
      { line: 7, values: { 姓名: 'x', 地区: 'y', 容量: '两个', 截止日期: '2025-13-01' } },
    ];
    expect(mapRows(rows, people).rows).toEqual([
      {
        line: 7,
        value: { name: 'x', region: 'y' },
        errors: [
          { line: 7, field: 'capacity', message: '容量: 「两个」不是整数 / "两个" is not a whole number' },
          {
            line: 7,
            field: 'applyBy',
            message: '截止日期: 「2025-13-01」不是有效日期 / 2025-13-01 is not a real date',
          },
        ],
      },
    ]);
  });

  it('refuses a file without a required column, naming the accepted spellings', () => {
    const rows: RawRow[] = [{ line: 2, values: { 名字: '张三', 容量: '2' } }];
    let err: unknown;
    try {
      mapRows(rows, people);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportFileError);
    const e = err as ImportFileError;
    expect(e.code).toBe('import_missing_columns');
    expect(e.status).toBe(400);
    expect(e.message).toBe(
      '缺少必填列：「姓名」（姓名 / name）、「地区」（地区 / region） / Missing required columns: name, region',
    );
    expect(e.fields).toEqual({
      name: '缺少此列，表头可写作：姓名 / name / missing column; use one of: 姓名 / name',
      region: '缺少此列，表头可写作：地区 / region / missing column; use one of: 地区 / region',
    });
  });

  it('reads a column given twice under different spellings only once, with a warning', () => {
    const rows: RawRow[] = [{ line: 2, values: { 姓名: '张三', name: 'Zhang', 地区: '北京' } }];
    const r = mapRows(rows, people);
    expect(r.rows[0]!.value).toEqual({ name: '张三', region: '北京' });
    expect(r.warnings).toEqual([
      '列「name」与「姓名」是同一字段 name，只读取「姓名」 / Columns "姓名" and "name" are both name; only "姓名" was read',
    ]);
  });

  it('collects numbered columns (论文1标题, paper 2 year) into a list, in number order', () => {
    const rows: RawRow[] = [
      {
        line: 2,
        values: {
          姓名: 'a',
          地区: 'b',
          论文2标题: '第二篇',
          'paper 2 year': '2023',
          论文1标题: '第一篇',
          论文1年份: 2021,
          论文3标题: '',
        },
      },
      {
        line: 3,
        values: {
          姓名: 'c',
          地区: 'd',
          论文2标题: '',
          'paper 2 year': '二〇二三',
          论文1标题: '',
          论文1年份: '',
          论文3标题: '',
        },
      },
    ];
    expect(mapRows(rows, people).rows).toEqual([
      {
        line: 2,
        value: {
          name: 'a',
          region: 'b',
          publications: [
            { title: '第一篇', year: 2021 },
            { title: '第二篇', year: 2023 },
          ],
        },
        errors: [],
        itemLabels: { 'publications.0': '论文1', 'publications.1': '论文2' },
      },
      {
        line: 3,
        value: { name: 'c', region: 'd' },
        errors: [
          {
            line: 3,
            field: 'publications.1.year',
            message: 'paper 2 year: 「二〇二三」不是整数 / "二〇二三" is not a whole number',
          },
        ],
      },
    ]);
  });

  it('reads a list of objects from JSONL or from JSON text in one column', () => {
    const rows: RawRow[] = [
      {
        line: 1,
        values: { name: 'a', region: 'b', publications: [{ title: 'T', year: '2020' }], skills: ['x', 'y'] },
      },
      { line: 2, values: { name: 'c', region: 'd', publications: '[{"标题":"U","年份":2019}]' } },
      { line: 3, values: { name: 'e', region: 'f', publications: '[{"title":"V","year":"soon"}]' } },
      { line: 4, values: { name: 'g', region: 'h', publications: '{not json' } },
    ];
    expect(mapRows(rows, people).rows).toEqual([
      {
        line: 1,
        value: { name: 'a', region: 'b', skills: ['x', 'y'], publications: [{ title: 'T', year: 2020 }] },
        errors: [],
      },
      { line: 2, value: { name: 'c', region: 'd', publications: [{ title: 'U', year: 2019 }] }, errors: [] },
      {
        line: 3,
        value: { name: 'e', region: 'f' },
        errors: [
          {
            line: 3,
            field: 'publications.0.year',
            message: 'publications: 第 1 项 year: 「soon」不是整数 / "soon" is not a whole number',
          },
        ],
      },
      {
        line: 4,
        value: { name: 'g', region: 'h' },
        errors: [
          {
            line: 4,
            field: 'publications',
            message: 'publications: 应为 JSON 数组 [{…}, …] / must be a JSON array [{…}, …]',
          },
        ],
      },
    ]);
  });

  it('turns row issues from the parser into errors, and ignores issues in ignored columns', () => {
    const rows: RawRow[] = [
      { line: 2, values: { name: 'a', region: 'b' } },
      { line: 3, values: {}, issues: [{ column: '', message: 'line 3 is not valid JSON' }] },
      {
        line: 4,
        values: { name: 'c', region: 'd', 容量: null, 备注: null },
        issues: [
          { column: '容量', message: 'cell C4 holds the Excel error #N/A' },
          { column: '备注', message: 'cell D4 holds the Excel error #N/A' },
        ],
      },
    ];
    expect(mapRows(rows, people).rows).toEqual([
      { line: 2, value: { name: 'a', region: 'b' }, errors: [] },
      { line: 3, value: {}, errors: [{ line: 3, field: '(row)', message: 'line 3 is not valid JSON' }] },
      {
        line: 4,
        value: { name: 'c', region: 'd' },
        errors: [{ line: 4, field: 'capacity', message: '容量: cell C4 holds the Excel error #N/A' }],
      },
    ]);
  });

  it('does not demand columns when no JSONL line could be read at all', () => {
    const rows: RawRow[] = [{ line: 1, values: {}, issues: [{ column: '', message: 'broken' }] }];
    expect(mapRows(rows, people).rows).toEqual([
      { line: 1, value: {}, errors: [{ line: 1, field: '(row)', message: 'broken' }] },
    ]);
  });

  it('accepts a plain array of column specs', () => {
    const rows: RawRow[] = [{ line: 2, values: { 标题: ' 智能巡检 ' } }];
    expect(
      mapRows(rows, [{ field: 'title', headers: ['标题'], type: 'string', required: true }]).rows,
    ).toEqual([{ line: 2, value: { title: '智能巡检' }, errors: [] }]);
  });
});
