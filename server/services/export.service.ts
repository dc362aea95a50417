import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/** Column of an export: header (Chinese first) and how to read the value from a row. */
export interface ExportColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

export type ExportFormat = 'csv' | 'xlsx';

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Renders rows to CSV (with a BOM so Excel opens Chinese correctly) or XLSX. */
export async function renderExport<T>(
  rows: T[],
  columns: ExportColumn<T>[],
  format: ExportFormat,
): Promise<Buffer> {
  const matrix = rows.map((r) => columns.map((c) => c.value(r) ?? ''));
  if (format === 'csv') {
    return Buffer.from('\uFEFF' + stringify([columns.map((c) => c.header), ...matrix]), 'utf8');
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('export');
  ws.addRow(columns.map((c) => c.header));
  ws.getRow(1).font = { bold: true };
  for (const r of matrix) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Drains a paginated list (bounded) so exports see exactly what the list endpoint shows. */
export async function collectPages<T>(
  fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  max = 20_000,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out.slice(0, max);
}
