import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { ColumnSpec, EntityColumns } from './columns.ts';
import { importEntities } from './entities.ts';
import type { UploadFormat } from './parse.ts';
import type { ImportType } from './schemas.ts';

/**
 * Downloadable templates: the preferred (Chinese) header of every column the importer reads, and
 * one example row that imports cleanly. Spreadsheets use numbered columns for repeated groups
 * (论文1标题 …); JSON Lines uses the API field names with lists as arrays.
 */

/** One column of the template: its header, whether the file must have it, and what it accepts. */
export interface TemplateColumn {
  field: string;
  header: string;
  /** Every spelling the importer accepts for this column. */
  headers: string[];
  required: boolean;
  type: ColumnSpec['type'];
  /** Accepted labels for enumerations (Chinese labels first; the stored values are accepted too). */
  values?: string[];
}

const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Example values by field, as a person would type them into the spreadsheet. */
function examples(type: ImportType): Record<string, unknown> {
  switch (type) {
    case 'challenges':
      return {
        title: '工业视觉表面缺陷检测',
        summary: '面向冲压件产线的表面缺陷在线检测',
        background: '产线每天产出约两万件冲压件，人工目检漏检率高。',
        goals: '建立缺陷检测模型，检出率不低于 99%，单件耗时小于 50 毫秒。',
        deliverables: '检测算法、测试报告、学位论文一篇',
        disciplines: ['0812', '0854'],
        skills: ['机器视觉', '深度学习'],
        industry: '智能制造',
        kind: '联合研发',
        degreeLevel: '硕士',
        degreeType: '专业学位',
        seats: 2,
        budgetWan: 30,
        region: '江苏省',
        onSite: '否',
        // Relative to today, so the template's dates stay in the future.
        applyBy: isoDay(90),
        deliverBy: isoDay(455),
        confidentiality: '公开',
      };
    case 'mentors':
      return {
        name: '张伟',
        kind: '校内导师',
        title: '教授',
        email: 'zhangwei@example.edu.cn',
        region: '江苏省',
        disciplines: ['0808'],
        interests: '动力电池管理系统，储能系统建模与健康状态估计',
        projects: '国家重点研发计划：退役动力电池梯次利用关键技术',
        capacity: 3,
        publications: [
          {
            title: '基于充放电曲线的锂离子电池健康状态估计',
            abstract: '提出一种基于增量容量分析的健康状态估计方法。',
            keywords: ['锂离子电池', '健康状态'],
            year: 2024,
            venue: '电工技术学报',
          },
        ],
      };
    case 'students':
      return {
        studentNo: '2026000001',
        name: '林晓',
        discipline: '0854',
        degreeLevel: '硕士',
        degreeType: '专业学位',
        cohort: 2026,
        skills: ['Python', '机器视觉'],
        statement: '本科期间参与工业视觉检测项目，希望从事智能制造方向研究。',
        email: 'linxiao@example.edu.cn',
      };
  }
}

function labels(spec: ColumnSpec): string[] | undefined {
  if (!spec.values) return undefined;
  return [...new Set([...Object.keys(spec.values), ...Object.values(spec.values)])];
}

/** The columns of a type, in template order (numbered group columns for the first item). */
export function templateColumns(type: ImportType): TemplateColumn[] {
  const entity: EntityColumns = importEntities[type].columns;
  const out: TemplateColumn[] = entity.columns.map((spec) => ({
    field: spec.field,
    header: spec.headers[0]!,
    headers: [...spec.headers],
    required: spec.required ?? false,
    type: spec.type,
    ...(spec.values ? { values: labels(spec)! } : {}),
  }));
  for (const group of entity.groups ?? []) {
    const prefix = group.prefixes[0]!;
    for (const part of group.parts)
      out.push({
        field: `${group.field}.0.${part.field}`,
        header: `${prefix}1${part.headers[0]!}`,
        headers: group.prefixes.map((p) => `${p}1${part.headers[0]!}`),
        required: false,
        type: part.type,
      });
  }
  return out;
}

const cell = (v: unknown): string | number =>
  Array.isArray(v) ? v.join(';') : typeof v === 'number' ? v : v === undefined ? '' : String(v);

/** The example row as spreadsheet cells, column by column. */
function exampleCells(type: ImportType, columns: TemplateColumn[]): (string | number)[] {
  const ex = examples(type);
  return columns.map((c) => {
    const [field, index, part] = c.field.split('.');
    if (part === undefined) return cell(ex[field!]);
    const items = ex[field!] as Record<string, unknown>[] | undefined;
    return cell(items?.[Number(index)]?.[part]);
  });
}

/** The example row for JSON Lines: API field names, lists as arrays, enumerations as stored values. */
function exampleJson(type: ImportType): Record<string, unknown> {
  const ex = examples(type);
  const specs = importEntities[type].columns.columns;
  return Object.fromEntries(
    Object.entries(ex).map(([k, v]) => {
      const values = specs.find((s) => s.field === k)?.values;
      if (values && typeof v === 'string') return [k, values[v] ?? v];
      if (k === 'onSite' && typeof v === 'string') return [k, v === '是'];
      return [k, v];
    }),
  );
}

export const templateContentTypes: Record<UploadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** The template file: header and one example row (CSV with a BOM so Excel reads the Chinese). */
export async function renderTemplate(type: ImportType, format: UploadFormat): Promise<Buffer> {
  if (format === 'jsonl') return Buffer.from(`${JSON.stringify(exampleJson(type))}\n`, 'utf8');
  const columns = templateColumns(type);
  const header = columns.map((c) => c.header);
  const row = exampleCells(type, columns);
  if (format === 'csv') return Buffer.from('\uFEFF' + stringify([header, row]), 'utf8');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(type);
  ws.addRow(header);
  ws.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    if (c.required) ws.getRow(1).getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
    // Text cells, so codes like 0812 and student numbers keep their leading zeros.
    ws.getColumn(i + 1).numFmt = c.type === 'integer' || c.type === 'number' ? 'General' : '@';
    ws.getColumn(i + 1).width = Math.max(10, Math.min(40, c.header.length * 2 + 4));
  });
  ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
