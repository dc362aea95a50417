import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportFileError } from '../../../server/services/import/errors.ts';
import {
  decodeText,
  detectDelimiter,
  parseUpload,
  zipUncompressedSize,
} from '../../../server/services/import/parse.ts';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function fileError(p: Promise<unknown>): Promise<ImportFileError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ImportFileError) return err;
    throw err;
  }
  throw new Error('expected an ImportFileError');
}

describe('decodeText', () => {
  it('decodes UTF-8 with and without BOM, UTF-16LE with BOM and GBK', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, ...utf8('标题')]))).toBe('标题');
    expect(decodeText(utf8('标题'))).toBe('标题');
    expect(decodeText(Buffer.from([0xff, 0xfe, ...Buffer.from('标题\t地区', 'utf16le')]))).toBe('标题\t地区');
    // "标题" in GBK: B1EA CCE2
    expect(decodeText(Buffer.from([0xb1, 0xea, 0xcc, 0xe2]))).toBe('标题');
  });
});

describe('detectDelimiter', () => {
  it('picks tab or comma from the first line, ignoring quoted text', () => {
    expect(detectDelimiter('a,b,c\nx\ty')).toBe(',');
    expect(detectDelimiter('a\tb\tc\n1,2,3,4,5')).toBe('\t');
    expect(detectDelimiter('"a,b,c"\tb\n')).toBe('\t');
  });
});

describe('parseUpload csv', () => {
  it('reads UTF-8 with BOM, CRLF line ends and a quoted field with a newline (stored as \\n)', async () => {
    const data = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      utf8('标题,背景,名额\r\n智能巡检,"第一行\r\n第二行，含""引号""",3\r\n空值,,\r\n'),
    ]);
    expect(await parseUpload(data, 'csv')).toEqual([
      { line: 2, values: { 标题: '智能巡检', 背景: '第一行\n第二行，含"引号"', 名额: '3' } },
      { line: 3, values: { 标题: '空值', 背景: '', 名额: '' } },
    ]);
  });

  it('reads GBK from Chinese Excel', async () => {
    // "学号,姓名,专业\r\n2023001,张三,计算机科学与技术\r\n2023002,李四,电子信息\r\n" encoded as GBK
    const gbk = Buffer.from(
      'd1a7bac52cd0d5c3fb2cd7a8d2b50d0a323032333030312cd5c5c8fd2cbcc6cbe3bbfabfc6d1a7d3ebbcbccaf50d0a323032333030322cc0eecbc42cb5e7d7d3d0c5cfa20d0a',
      'hex',
    );
    expect(await parseUpload(gbk, 'csv')).toEqual([
      { line: 2, values: { 学号: '2023001', 姓名: '张三', 专业: '计算机科学与技术' } },
      { line: 3, values: { 学号: '2023002', 姓名: '李四', 专业: '电子信息' } },
    ]);
  });

  it('reads tab-separated text and keeps line numbers across blank rows', async () => {
    const data = utf8('name\tregion\n\nAda\t北京\n\t\nBo\t上海');
    expect(await parseUpload(data, 'csv')).toEqual([
      { line: 3, values: { name: 'Ada', region: '北京' } },
      { line: 5, values: { name: 'Bo', region: '上海' } },
    ]);
  });

  it('skips a one-cell title row above the header, and keys cells under a blank header by column', async () => {
    const data = utf8('2025年产业导师信息表,,\n姓名,地区,\n王五,深圳,备注\n');
    expect(await parseUpload(data, 'csv')).toEqual([
      {
        line: 3,
        values: { 姓名: '王五', 地区: '深圳', '(C 列无表头 / column C has no header)': '备注' },
      },
    ]);
  });

  it('treats a short row as empty trailing cells', async () => {
    expect(await parseUpload(utf8('a,b,c\n1\n'), 'csv')).toEqual([
      { line: 2, values: { a: '1', b: '', c: '' } },
    ]);
  });

  it('refuses an empty file, a duplicate header and an unclosed quote', async () => {
    expect((await fileError(parseUpload(Buffer.alloc(0), 'csv'))).code).toBe('import_file_empty');
    expect((await fileError(parseUpload(utf8('\uFEFF\r\n\r\n'), 'csv'))).code).toBe('import_file_empty');
    const dup = await fileError(parseUpload(utf8('标题,地区,标题\n1,2,3\n'), 'csv'));
    expect(dup.code).toBe('import_duplicate_header');
    expect(dup.message).toBe(
      '表头「标题」出现了两次（第 A 列和第 C 列），请删除或改名其中一列 / Header "标题" appears twice (columns A and C)',
    );
    const quote = await fileError(parseUpload(utf8('a,b\n"x,2\n3,4\n'), 'csv'));
    expect(quote.code).toBe('import_unreadable');
    expect(quote.status).toBe(400);
    expect(quote.message).toBe('CSV 第 2 行附近有未闭合的引号 / CSV unclosed quote near line 2');
  });

  it('refuses a header without data rows', async () => {
    const err = await fileError(parseUpload(utf8('标题,地区\n\n'), 'csv'));
    expect(err.code).toBe('import_file_empty');
    expect(err.message).toBe('文件只有表头，没有数据行 / The file has a header row but no data rows');
  });

  it('refuses files over the byte limit with 413 and over the row limit', async () => {
    const big = await fileError(parseUpload(Buffer.alloc(21 * 1024 * 1024, 0x61), 'csv'));
    expect(big.code).toBe('import_file_too_large');
    expect(big.status).toBe(413);
    expect(big.message).toBe(
      '文件超过 20 MB 上限，请拆分后再导入 / The file is larger than 20 MB; split it and import the parts',
    );

    const rows = ['name', ...Array.from({ length: 50_001 }, (_, i) => `n${i}`)].join('\n');
    const many = await fileError(parseUpload(utf8(rows), 'csv'));
    expect(many.code).toBe('import_too_many_rows');
    expect(many.message).toBe(
      '数据超过 50000 行上限，请拆分后再导入 / More than 50000 data rows; split the file and import the parts',
    );
    // Exactly at the limit is fine.
    const exact = ['name', ...Array.from({ length: 50_000 }, (_, i) => `n${i}`)].join('\n');
    expect((await parseUpload(utf8(exact), 'csv')).length).toBe(50_000);
  });
});

describe('parseUpload xlsx', () => {
  it('reads the first visible sheet with dates, numbers, rich text, hyperlinks and formula results', async () => {
    const data = await xlsx((wb) => {
      const hidden = wb.addWorksheet('说明');
      hidden.state = 'hidden';
      hidden.addRow(['填写说明']);
      const ws = wb.addWorksheet('导师');
      ws.addRow(['姓名', '申报截止', '名额', '研究方向', '邮箱', '合计', '驻场', '年份']);
      ws.addRow([
        '陈教授',
        new Date(Date.UTC(2025, 5, 30)),
        3,
        { richText: [{ text: '工业' }, { text: '视觉', font: { bold: true } }] },
        { text: 'chen@example.edu.cn', hyperlink: 'mailto:chen@example.edu.cn' },
        { formula: 'C2*2', result: 6 },
        true,
        2024,
      ]);
      ws.addRow([]);
      ws.addRow(['李工', null, 1.5]);
      ws.getCell('F4').value = { formula: 'B2+1', result: new Date(Date.UTC(2025, 6, 1)) };
      ws.getCell('F4').numFmt = 'yyyy-mm-dd';
      ws.getCell('B4').value = 45678;
      ws.getCell('B4').numFmt = 'yyyy/m/d';
    });
    expect(await parseUpload(data, 'xlsx')).toEqual([
      {
        line: 2,
        values: {
          姓名: '陈教授',
          申报截止: '2025-06-30',
          名额: 3,
          研究方向: '工业视觉',
          邮箱: 'chen@example.edu.cn',
          合计: 6,
          驻场: true,
          年份: 2024,
        },
      },
      {
        line: 4,
        values: {
          姓名: '李工',
          申报截止: '2025-01-21',
          名额: 1.5,
          研究方向: null,
          邮箱: null,
          合计: '2025-07-01',
          驻场: null,
          年份: null,
        },
      },
    ]);
  });

  it('keeps the time of a date-time cell and reports Excel error values against the cell', async () => {
    const data = await xlsx((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['标题', '时间', '比例']);
      ws.addRow(['a', new Date(Date.UTC(2025, 0, 2, 8, 30)), { error: '#N/A' }]);
      // The streaming reader keeps no cached result for a formula that evaluated to an error
      // (nor for one that evaluated to ""), so such a cell reads as empty.
      ws.addRow(['b', null, { formula: '1/0', result: { error: '#DIV/0!' } }]);
    });
    expect(await parseUpload(data, 'xlsx')).toEqual([
      {
        line: 2,
        values: { 标题: 'a', 时间: '2025-01-02 08:30:00', 比例: null },
        issues: [
          {
            column: '比例',
            message: '单元格 C2 是 Excel 错误值 #N/A，请修正公式 / cell C2 holds the Excel error #N/A',
          },
        ],
      },
      { line: 3, values: { 标题: 'b', 时间: null, 比例: null } },
    ]);
  });

  it('refuses a workbook whose first sheet is empty, legacy .xls, and bytes that are not a workbook', async () => {
    const empty = await xlsx((wb) => wb.addWorksheet('空'));
    expect((await fileError(parseUpload(empty, 'xlsx'))).code).toBe('import_file_empty');
    const xls = Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(504), 'hex');
    const legacy = await fileError(parseUpload(xls, 'xlsx'));
    expect(legacy.message).toBe(
      '这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入 / This is a legacy .xls file; save it as .xlsx and try again',
    );
    expect((await fileError(parseUpload(utf8('a,b\n1,2\n'), 'xlsx'))).code).toBe('import_unreadable');
  });

  it('stops at the row limit and refuses archives that expand past the unzipped limit', async () => {
    const data = await xlsx((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['name']);
      for (let i = 0; i < 6; i++) ws.addRow([`n${i}`]);
    });
    expect((await fileError(parseUpload(data, 'xlsx', { maxRows: 5 }))).code).toBe('import_too_many_rows');
    expect((await parseUpload(data, 'xlsx', { maxRows: 6 })).length).toBe(6);

    const unzipped = zipUncompressedSize(data)!;
    expect(unzipped).toBeGreaterThan(data.length);
    const bomb = await fileError(parseUpload(data, 'xlsx', { maxUnzippedBytes: unzipped - 1 }));
    expect(bomb.code).toBe('import_file_too_large');
  });
});

describe('parseUpload jsonl', () => {
  it('reads one object per line, skips blank lines and turns a broken line into a row error', async () => {
    const data = utf8(
      [
        '{"name":"周老师","capacity":3,"disciplines":["0812"]}',
        '',
        '{"name": "broken",',
        '[1,2]',
        '{"name":"吴工","publications":[{"title":"论文A"}]}',
        '',
      ].join('\r\n'),
    );
    expect(await parseUpload(data, 'jsonl')).toEqual([
      { line: 1, values: { name: '周老师', capacity: 3, disciplines: ['0812'] } },
      {
        line: 3,
        values: {},
        issues: [
          {
            column: '',
            message: `第 3 行不是有效的 JSON / line 3 is not valid JSON: ${jsonError('{"name": "broken",')}`,
          },
        ],
      },
      {
        line: 4,
        values: {},
        issues: [
          { column: '', message: '每行应为一个 JSON 对象 { … } / each line must be a JSON object { … }' },
        ],
      },
      { line: 5, values: { name: '吴工', publications: [{ title: '论文A' }] } },
    ]);
  });

  it('refuses a file with only blank lines and one past the row limit', async () => {
    expect((await fileError(parseUpload(utf8('\n  \n'), 'jsonl'))).code).toBe('import_file_empty');
    expect((await fileError(parseUpload(utf8('{}\n{}\n{}\n'), 'jsonl', { maxRows: 2 }))).code).toBe(
      'import_too_many_rows',
    );
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected invalid JSON');
}
