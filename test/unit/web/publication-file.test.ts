/** The mentor's publication import reads CSV and JSON Lines row by row with the API's limits. */
import { describe, expect, it } from 'vitest';
import {
  csvRecords,
  decodeText,
  formatOf,
  parsePublications,
  rowOfApiField,
} from '../../../web/src/utils/publicationFile.ts';

describe('csvRecords', () => {
  it('handles quotes, doubled quotes, commas and line breaks inside quotes, CRLF', () => {
    expect(csvRecords('a,b\r\n"x, ""y""","line1\nline2"\r\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line1\nline2'],
    ]);
    expect(csvRecords('a,b')).toEqual([['a', 'b']]);
  });
});

describe('parsePublications (CSV)', () => {
  it('maps Chinese and English headers, splits keywords, reads years with 年', () => {
    const csv =
      '\uFEFF题目,摘要,关键词,发表年份,期刊\n边缘计算任务卸载,研究了……,边缘计算；任务卸载,2024年,计算机学报\n';
    const p = parsePublications(csv.replace(/^\uFEFF/, ''), 'csv');
    expect(p.fileError).toBeUndefined();
    expect(p.rows).toEqual([
      {
        line: 2,
        title: '边缘计算任务卸载',
        errors: [],
        value: {
          title: '边缘计算任务卸载',
          abstract: '研究了……',
          keywords: ['边缘计算', '任务卸载'],
          year: 2024,
          venue: '计算机学报',
        },
      },
    ]);
  });

  it('reports each bad row with its spreadsheet line and field, and keeps the good rows', () => {
    const csv = [
      'title,year,venue,notes',
      'Good paper,2020,IEEE TII,x',
      ',2021,,',
      '',
      'Too old,1900,,',
      'Not a year,20x1,,',
      'Good paper,2022,,',
    ].join('\n');
    const p = parsePublications(csv, 'csv');
    expect(p.ignored).toEqual(['notes']);
    const summary = p.rows.map((r) => [r.line, r.errors.map((e) => `${e.field}:${e.code}`), !!r.value]);
    expect(summary).toEqual([
      [2, [], true],
      [3, ['title:required'], false],
      [5, ['year:outOfRange'], false],
      [6, ['year:notInteger'], false],
      [7, ['title:duplicate'], false],
    ]);
    expect(p.rows[4]!.errors[0]!.params).toEqual({ line: 2 });
  });

  it('refuses a file without a title column, an empty file, and more rows than one request takes', () => {
    expect(parsePublications('year\n2020\n', 'csv').fileError?.code).toBe('noTitleColumn');
    expect(parsePublications('\n\n', 'csv').fileError?.code).toBe('empty');
    expect(parsePublications('title\n', 'csv').fileError?.code).toBe('empty');
    const many = ['title', ...Array.from({ length: 201 }, (_, i) => `paper ${i}`)].join('\n');
    expect(parsePublications(many, 'csv').fileError).toEqual({ code: 'tooManyRows', params: { max: 200 } });
  });

  it('applies the API limits on lengths and keyword counts', () => {
    const long = 'x'.repeat(301);
    const kws = Array.from({ length: 21 }, (_, i) => `k${i}`).join(';');
    const p = parsePublications(`title,keywords\n${long},\nok,${kws}\n`, 'csv');
    expect(p.rows.map((r) => r.errors.map((e) => `${e.field}:${e.code}`))).toEqual([
      ['title:tooLong'],
      ['keywords:tooManyItems'],
    ]);
  });
});

describe('parsePublications (JSON Lines)', () => {
  it('reads objects, reports broken lines by line number, ignores unknown keys', () => {
    const jsonl = [
      JSON.stringify({ title: '储能调度', keywords: ['储能', '调度'], year: 2023, doi: '10.1/x' }),
      '{not json',
      '',
      '[1,2]',
      JSON.stringify({ title: '', abstract: { a: 1 } }),
    ].join('\n');
    const p = parsePublications(jsonl, 'jsonl');
    expect(p.ignored).toEqual(['doi']);
    expect(p.rows.map((r) => [r.line, r.errors.map((e) => `${e.field}:${e.code}`)])).toEqual([
      [1, []],
      [2, ['row:badJson']],
      [4, ['row:notObject']],
      [5, ['title:required', 'abstract:notText']],
    ]);
    expect(p.rows[0]!.value).toEqual({ title: '储能调度', keywords: ['储能', '调度'], year: 2023 });
  });
});

describe('helpers', () => {
  it('tells the format from the name, decodes GBK, maps API field errors to rows', () => {
    expect(formatOf('论文.CSV')).toBe('csv');
    expect(formatOf('papers.ndjson')).toBe('jsonl');
    expect(formatOf('papers.xlsx')).toBeNull();
    // "题目" in GBK.
    expect(decodeText(new Uint8Array([0xcc, 0xe2, 0xc4, 0xbf]))).toBe('题目');
    expect(decodeText(new TextEncoder().encode('\uFEFF题目'))).toBe('题目');
    const sent = parsePublications('title\na\nb\n', 'csv').rows;
    expect(rowOfApiField('publications.1.title', sent)?.line).toBe(3);
    expect(rowOfApiField('name', sent)).toBeUndefined();
  });
});
