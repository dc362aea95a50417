import type { TSchema } from 'typebox';
import type { ColumnSpec, EntityColumns, RepeatedGroupSpec } from './columns.ts';
import { ChallengeImportRow, MentorImportRow, StudentImportRow, type ImportType } from './schemas.ts';

/**
 * Column specs per importable entity: the header spellings people actually use in their
 * spreadsheets (Chinese first, then English), how each cell is read, and labels for enums.
 * The `required` flags match each row schema's required properties (a test checks this).
 */

const degreeLevel: ColumnSpec = {
  field: 'degreeLevel',
  headers: ['学位层次', '培养层次', '层次', 'degreeLevel', 'degree level'],
  type: 'string',
  values: { 硕士: 'master', 硕士研究生: 'master', 博士: 'doctor', 博士研究生: 'doctor' },
};

const degreeType: ColumnSpec = {
  field: 'degreeType',
  headers: ['学位类型', '学位类别', 'degreeType', 'degree type'],
  type: 'string',
  values: {
    学术: 'academic',
    学术学位: 'academic',
    学硕: 'academic',
    专业: 'professional',
    专业学位: 'professional',
    专硕: 'professional',
  },
};

/** 学科代码 lose their leading zero when Excel stores them as numbers (0812 → 812). */
const disciplineCodes = [2, 4, 6] as const;

export const challengeColumns: EntityColumns = {
  columns: [
    {
      field: 'title',
      headers: ['标题', '题目', '需求名称', '名称', 'title'],
      type: 'string',
      required: true,
    },
    {
      field: 'summary',
      headers: ['摘要', '简介', '概述', '需求简介', 'summary'],
      type: 'string',
      required: true,
    },
    {
      field: 'background',
      headers: ['背景', '需求背景', '项目背景', 'background'],
      type: 'string',
      required: true,
    },
    { field: 'goals', headers: ['目标', '研究目标', '需求目标', 'goals'], type: 'string', required: true },
    { field: 'deliverables', headers: ['交付物', '交付成果', '预期成果', 'deliverables'], type: 'string' },
    {
      field: 'disciplines',
      headers: ['学科', '学科代码', '所需学科', '相关学科', 'disciplines'],
      type: 'list',
      codeLengths: disciplineCodes,
    },
    { field: 'skills', headers: ['技能', '所需技能', '技能要求', 'skills'], type: 'list' },
    { field: 'industry', headers: ['行业', '所属行业', '产业领域', 'industry'], type: 'string' },
    {
      field: 'kind',
      headers: ['类型', '需求类型', '合作类型', 'kind', 'type'],
      type: 'string',
      required: true,
      values: {
        学位论文选题: 'thesis_topic',
        毕业设计: 'thesis_topic',
        论文选题: 'thesis_topic',
        联合研发: 'joint_rnd',
        实习: 'internship',
        工学交替: 'work_study',
      },
    },
    degreeLevel,
    degreeType,
    { field: 'seats', headers: ['名额', '招收人数', '人数', 'seats'], type: 'integer', units: ['人', '名'] },
    {
      field: 'budgetWan',
      headers: ['预算(万元)', '预算', '经费(万元)', '经费', 'budgetWan', 'budget'],
      type: 'integer',
      units: ['万元', '万'],
    },
    {
      field: 'region',
      headers: ['地区', '所在地区', '地点', '所在地', 'region'],
      type: 'string',
      required: true,
    },
    { field: 'onSite', headers: ['是否驻场', '驻场', '是否现场', 'onSite', 'on site'], type: 'boolean' },
    {
      field: 'applyBy',
      headers: ['申报截止', '申报截止日期', '报名截止', '截止日期', 'applyBy', 'apply by'],
      type: 'date',
    },
    {
      field: 'deliverBy',
      headers: ['交付日期', '交付截止', '交付截止日期', 'deliverBy', 'deliver by'],
      type: 'date',
    },
    {
      field: 'confidentiality',
      headers: ['保密等级', '密级', '是否保密', 'confidentiality'],
      type: 'string',
      values: { 公开: 'public', '保密(NDA)': 'nda', 保密: 'nda', NDA: 'nda' },
    },
  ],
};

const publications: RepeatedGroupSpec = {
  field: 'publications',
  prefixes: ['论文', 'publication', 'paper'],
  headers: ['论文列表', '论文(JSON)', 'publications'],
  parts: [
    { field: 'title', headers: ['标题', '题目', 'title'], type: 'string' },
    { field: 'abstract', headers: ['摘要', 'abstract'], type: 'string' },
    { field: 'keywords', headers: ['关键词', 'keywords'], type: 'list' },
    { field: 'year', headers: ['年份', '发表年份', 'year'], type: 'integer', units: ['年'] },
    { field: 'venue', headers: ['期刊', '刊物', '发表期刊', 'venue'], type: 'string' },
  ],
};

export const mentorColumns: EntityColumns = {
  columns: [
    { field: 'name', headers: ['姓名', 'name'], type: 'string', required: true },
    {
      field: 'kind',
      headers: ['导师类型', '类型', 'kind'],
      type: 'string',
      required: true,
      values: {
        校内导师: 'campus',
        校内: 'campus',
        学术导师: 'campus',
        产业导师: 'industry',
        企业导师: 'industry',
        行业导师: 'industry',
        产业: 'industry',
        企业: 'industry',
      },
    },
    { field: 'title', headers: ['职称', 'title'], type: 'string' },
    { field: 'email', headers: ['邮箱', '电子邮箱', 'email', 'e-mail'], type: 'string' },
    { field: 'region', headers: ['地区', '所在地区', 'region'], type: 'string', required: true },
    {
      field: 'disciplines',
      headers: ['学科', '学科代码', '所属学科', 'disciplines'],
      type: 'list',
      codeLengths: disciplineCodes,
    },
    { field: 'interests', headers: ['研究方向', '研究兴趣', 'interests'], type: 'string' },
    { field: 'projects', headers: ['科研项目', '项目经历', '项目', 'projects'], type: 'string' },
    {
      field: 'capacity',
      headers: ['指导容量', '可带学生数', '容量', 'capacity'],
      type: 'integer',
      units: ['人', '名'],
    },
  ],
  groups: [publications],
};

export const studentColumns: EntityColumns = {
  columns: [
    { field: 'studentNo', headers: ['学号', 'studentNo', 'student no'], type: 'string', required: true },
    { field: 'name', headers: ['姓名', 'name'], type: 'string', required: true },
    {
      field: 'discipline',
      headers: ['学科', '专业', '学科专业', '专业代码', 'discipline', 'major'],
      type: 'string',
      required: true,
      codeLengths: disciplineCodes,
    },
    degreeLevel,
    degreeType,
    {
      field: 'cohort',
      headers: ['年级', '入学年份', 'cohort'],
      type: 'integer',
      required: true,
      units: ['级', '届'],
    },
    { field: 'skills', headers: ['技能', '特长', 'skills'], type: 'list' },
    { field: 'statement', headers: ['个人陈述', '自我介绍', 'statement'], type: 'string' },
    { field: 'email', headers: ['邮箱', '电子邮箱', 'email', 'e-mail'], type: 'string' },
  ],
};

export interface ImportEntity {
  columns: EntityColumns;
  schema: TSchema;
  /** Fields that must not repeat within one file. */
  unique: readonly string[];
}

export const importEntities = {
  challenges: { columns: challengeColumns, schema: ChallengeImportRow, unique: [] },
  mentors: { columns: mentorColumns, schema: MentorImportRow, unique: ['email'] },
  students: { columns: studentColumns, schema: StudentImportRow, unique: ['studentNo'] },
} as const satisfies Record<ImportType, ImportEntity>;
