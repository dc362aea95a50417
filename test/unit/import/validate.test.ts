import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import type { MappedRow } from '../../../server/services/import/columns.ts';
import { ChallengeImportRow } from '../../../server/services/import/schemas.ts';
import { buildReport, validateRows } from '../../../server/services/import/validate.ts';

const row = (line: number, value: Record<string, unknown>, errors: MappedRow['errors'] = []): MappedRow => ({
  line,
  value,
  errors,
});

const challenge = {
  title: '智能巡检机器人视觉定位',
  summary: '变电站巡检',
  background: '现有巡检依赖人工',
  goals: '定位误差小于 2 cm',
  kind: 'joint_rnd',
  region: '苏州',
};

describe('validateRows with the API create schema for challenges', () => {
  it('passes good rows through unchanged, with their line', () => {
    const out = validateRows(
      [row(2, challenge), row(3, { ...challenge, seats: 2, skills: ['ROS'] })],
      ChallengeImportRow,
    );
    expect(out).toEqual({
      valid: [
        { line: 2, value: challenge },
        { line: 3, value: { ...challenge, seats: 2, skills: ['ROS'] } },
      ],
      errors: [],
    });
  });

  it('reports the exact line and field of each bad row, in column order, with what to fix', () => {
    const labels = {
      title: '标题',
      summary: '摘要',
      seats: '名额',
      budgetWan: '预算(万元)',
      skills: '技能',
      region: '地区',
    };
    const out = validateRows(
      [
        row(2, challenge),
        row(3, { ...challenge, seats: 0 }),
        row(4, { ...challenge, title: 'x'.repeat(201), budgetWan: 2_000_000 }),
        row(5, { ...challenge, region: undefined, skills: ['ok', 'y'.repeat(61)] }),
        row(6, { ...challenge, applyBy: '2025-02-30', kind: 'hackathon', confidentiality: 'secret' }),
      ],
      ChallengeImportRow,
      { labels },
    );
    expect(out.valid.map((v) => v.line)).toEqual([2]);
    expect(out.errors).toEqual([
      { line: 3, field: 'seats', message: '名额: 必须 ≥ 1 / must be ≥ 1' },
      { line: 4, field: 'title', message: '标题: 不能超过 200 个字符 / must be at most 200 characters' },
      { line: 4, field: 'budgetWan', message: '预算(万元): 必须 ≤ 1000000 / must be ≤ 1000000' },
      {
        line: 5,
        field: 'skills.1',
        message: '技能 第2项: 不能超过 60 个字符 / must be at most 60 characters',
      },
      { line: 5, field: 'region', message: '地区: 必填 / required' },
      {
        line: 6,
        field: 'kind',
        message:
          'kind: 可选值：thesis_topic、joint_rnd、internship、work_study / must be one of thesis_topic, joint_rnd, internship, work_study',
      },
      { line: 6, field: 'applyBy', message: 'applyBy: 日期应写作 YYYY-MM-DD / must be a date YYYY-MM-DD' },
      {
        line: 6,
        field: 'confidentiality',
        message: 'confidentiality: 可选值：public、nda / must be one of public, nda',
      },
    ]);
  });

  it('reports every missing required field, empty text, and fields the schema does not know', () => {
    const out = validateRows([row(9, { title: '', kind: 'internship', extra: 1 })], ChallengeImportRow);
    expect(out.errors).toEqual([
      { line: 9, field: 'title', message: 'title: 不能为空 / must not be empty' },
      { line: 9, field: 'summary', message: 'summary: 必填 / required' },
      { line: 9, field: 'background', message: 'background: 必填 / required' },
      { line: 9, field: 'goals', message: 'goals: 必填 / required' },
      { line: 9, field: 'region', message: 'region: 必填 / required' },
      { line: 9, field: 'extra', message: 'extra: 不支持的字段 / unknown field' },
    ]);
  });

  it('keeps errors from reading cells and does not repeat them as schema errors', () => {
    const out = validateRows(
      [
        row(4, { ...challenge, kind: undefined }, [
          { line: 4, field: 'kind', message: '类型: 无法识别「兼职」' },
        ]),
        row(5, {}, [{ line: 5, field: '(row)', message: 'line 5 is not valid JSON' }]),
      ],
      ChallengeImportRow,
    );
    expect(out).toEqual({
      valid: [],
      errors: [
        { line: 4, field: 'kind', message: '类型: 无法识别「兼职」' },
        { line: 5, field: '(row)', message: 'line 5 is not valid JSON' },
      ],
    });
  });
});

describe('validateRows options', () => {
  const Person = Type.Object(
    {
      no: Type.String({ minLength: 1, pattern: '^[0-9A-Za-z_-]+$' }),
      email: Type.Optional(Type.String({ format: 'email' })),
      age: Type.Optional(Type.Integer({ exclusiveMinimum: 15 })),
      tags: Type.Optional(Type.Array(Type.String(), { maxItems: 2 })),
      flag: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  );

  it('rejects later repeats of a unique field and names the first row', () => {
    const out = validateRows(
      [row(2, { no: 'S01' }), row(3, { no: 'S02' }), row(4, { no: 's01' }), row(5, { no: 'S02' })],
      Person,
      { unique: ['no'], labels: { no: '学号' } },
    );
    expect(out.valid.map((v) => v.line)).toEqual([2, 3]);
    expect(out.errors).toEqual([
      { line: 4, field: 'no', message: '学号: 「s01」与第 2 行重复 / duplicates row 2' },
      { line: 5, field: 'no', message: '学号: 「S02」与第 3 行重复 / duplicates row 3' },
    ]);
  });

  it('explains formats, patterns, types, bounds and list sizes', () => {
    const out = validateRows(
      [row(2, { no: 'S 01', email: 'not-an-email', age: 15, tags: ['a', 'b', 'c'], flag: 'yes' })],
      Person,
    );
    expect(out.errors).toEqual([
      {
        line: 2,
        field: 'no',
        message: 'no: 格式不正确，只能包含字母、数字、- 和 _ / invalid: letters, digits, - and _ only',
      },
      { line: 2, field: 'email', message: 'email: 邮箱格式不正确 / must be a valid email address' },
      { line: 2, field: 'age', message: 'age: 必须 > 15 / must be > 15' },
      { line: 2, field: 'tags', message: 'tags: 最多 2 项 / must have at most 2 items' },
      { line: 2, field: 'flag', message: 'flag: 应填 是/否 / must be true or false' },
    ]);
  });
});

describe('buildReport', () => {
  it('counts invalid rows (not errors) and cuts the error list with a warning', () => {
    const errors = [
      { line: 2, field: 'a', message: 'x' },
      { line: 2, field: 'b', message: 'y' },
      { line: 3, field: 'a', message: 'z' },
    ];
    expect(
      buildReport({
        total: 5,
        validCount: 3,
        errors,
        warnings: ['w'],
        imported: 3,
        dryRun: false,
        maxErrors: 2,
      }),
    ).toEqual({
      total: 5,
      valid: 3,
      invalid: 2,
      imported: 3,
      errors: errors.slice(0, 2),
      warnings: ['w', '共 3 个错误，只列出前 2 个 / 3 errors; only the first 2 are listed'],
      dryRun: false,
    });
  });
});
