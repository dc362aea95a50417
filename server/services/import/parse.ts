import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { excelSerialToDate, formatCellDate, isDateFormat } from './dates.ts';
import { ImportFileError } from './errors.ts';

export const uploadFormats = ['csv', 'xlsx', 'jsonl'] as const;
export type UploadFormat = (typeof uploadFormats)[number];

/** A problem found while reading one row; `column` is the header it concerns, '' for the whole row. */
export interface RowIssue {
  column: string;
  message: string;
}

/**
 * One data row as read from the file, keyed by the header text exactly as the user wrote it.
 * `line` is the row number the user sees: in CSV/XLSX the header is row 1, so data starts at 2;
 * in JSONL it is the line number. CSV values are strings ('' when empty); XLSX values are
 * string | number | boolean | null (dates as `YYYY-MM-DD`); JSONL values are whatever JSON held.
 */
export interface RawRow {
  line: number;
  values: Record<string, unknown>;
  issues?: RowIssue[];
}

export interface ParseLimits {
  /** Size of the upload in bytes. */
  maxBytes: number;
  /** Data rows (blank rows are not counted). */
  maxRows: number;
  /** Total uncompressed size of an XLSX archive, against zip bombs. */
  maxUnzippedBytes: number;
}

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

export const defaultParseLimits: Readonly<ParseLimits> = Object.freeze({
  maxBytes: MAX_UPLOAD_BYTES,
  maxRows: MAX_IMPORT_ROWS,
  maxUnzippedBytes: 256 * 1024 * 1024,
});

/** Reads an uploaded file into rows. Throws ImportFileError when the file as a whole is unusable. */
export async function parseUpload(
  data: Buffer,
  format: UploadFormat,
  limits: Partial<ParseLimits> = {},
): Promise<RawRow[]> {
  const lim: ParseLimits = { ...defaultParseLimits, ...limits };
  if (data.length > lim.maxBytes) {
    throw new ImportFileError(
      'import_file_too_large',
      `文件超过 ${mb(lim.maxBytes)} MB 上限，请拆分后再导入 / The file is larger than ${mb(lim.maxBytes)} MB; split it and import the parts`,
    );
  }
  if (data.length === 0) throw emptyFile();
  switch (format) {
    case 'csv':
      return parseCsvRows(data, lim);
    case 'xlsx':
      return parseXlsxRows(data, lim);
    case 'jsonl':
      return parseJsonlRows(data, lim);
  }
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

const emptyFile = () =>
  new ImportFileError(
    'import_file_empty',
    '文件是空的，没有表头和数据 / The file is empty: no header and no rows',
  );

const tooManyRows = (max: number) =>
  new ImportFileError(
    'import_too_many_rows',
    `数据超过 ${max} 行上限，请拆分后再导入 / More than ${max} data rows; split the file and import the parts`,
  );

// ---------------------------------------------------------------------------------------------
// Text decoding

/**
 * Decodes text the way spreadsheet users produce it: UTF-8 with or without BOM, UTF-16 with BOM
 * (Excel's "Unicode text"), and GBK/GB18030 from Chinese Excel "CSV" when the bytes are not UTF-8.
 */
export function decodeText(data: Buffer): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(data.subarray(3));
  }
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    // TextDecoder's 'gbk' label decodes GB18030, a superset of GBK and GB2312.
    return new TextDecoder('gbk').decode(data);
  }
}

// ---------------------------------------------------------------------------------------------
// Grid (CSV and XLSX): header row, then data rows

interface GridRow {
  /** Row number as the user sees it (1-based). */
  line: number;
  cells: unknown[];
  /** Issues keyed by 0-based column index. */
  cellIssues?: Map<number, string>;
}

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

const filled = (cells: unknown[]) => cells.filter((c) => !isBlank(c)).length;

function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Turns a grid into rows. The header is the first non-blank row, except that a lone title cell
 * in column A above a wider row ("XX大学导师信息表" over the real header) is skipped. Blank rows
 * are skipped but still counted in line numbers, so lines match what the user sees.
 */
class GridBuilder {
  private headers: string[] | undefined;
  private pendingTitle: GridRow | undefined;
  readonly rows: RawRow[] = [];

  constructor(
    private readonly maxRows: number,
    /** What an absent cell reads as: '' in CSV (all strings), null in XLSX. */
    private readonly blank: '' | null,
  ) {}

  add(row: GridRow): void {
    if (filled(row.cells) === 0) return;
    if (!this.headers) {
      const n = filled(row.cells);
      if (!this.pendingTitle && n === 1 && !isBlank(row.cells[0])) {
        this.pendingTitle = row;
        return;
      }
      if (this.pendingTitle && n <= 1) {
        // Two single-cell rows: the first really was a one-column header.
        this.setHeader(this.pendingTitle);
        this.pendingTitle = undefined;
        this.addData(row);
        return;
      }
      this.pendingTitle = undefined;
      this.setHeader(row);
      return;
    }
    this.addData(row);
  }

  finish(): RawRow[] {
    if (!this.headers && this.pendingTitle) this.setHeader(this.pendingTitle);
    if (!this.headers) throw emptyFile();
    if (this.rows.length === 0) {
      throw new ImportFileError(
        'import_file_empty',
        '文件只有表头，没有数据行 / The file has a header row but no data rows',
      );
    }
    return this.rows;
  }

  private setHeader(row: GridRow): void {
    const headers = row.cells.map((c) => (isBlank(c) ? '' : cellText(c).replace(/\s+/g, ' ').trim()));
    const seen = new Map<string, number>();
    headers.forEach((h, i) => {
      if (!h) return;
      const first = seen.get(h);
      if (first !== undefined) {
        throw new ImportFileError(
          'import_duplicate_header',
          `表头「${h}」出现了两次（第 ${columnLetter(first)} 列和第 ${columnLetter(i)} 列），请删除或改名其中一列 / Header "${h}" appears twice (columns ${columnLetter(first)} and ${columnLetter(i)})`,
        );
      }
      seen.set(h, i);
    });
    this.headers = headers;
  }

  private addData(row: GridRow): void {
    const headers = this.headers!;
    if (this.rows.length >= this.maxRows) throw tooManyRows(this.maxRows);
    const values: Record<string, unknown> = {};
    const width = Math.max(headers.length, row.cells.length);
    const issues: RowIssue[] = [];
    for (let i = 0; i < width; i++) {
      const cell = row.cells[i];
      const header = headers[i];
      if (header) values[header] = cell ?? this.blank;
      else if (!isBlank(cell))
        values[`(${columnLetter(i)} 列无表头 / column ${columnLetter(i)} has no header)`] = cell;
      const issue = row.cellIssues?.get(i);
      if (issue) issues.push({ column: header ?? '', message: issue });
    }
    this.rows.push(issues.length ? { line: row.line, values, issues } : { line: row.line, values });
  }
}

function cellText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------
// CSV

/** Comma or tab: whichever occurs more often outside quotes on the first line. */
export function detectDelimiter(text: string): ',' | '\t' {
  let commas = 0;
  let tabs = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === '\t') tabs++;
  }
  return tabs > commas ? '\t' : ',';
}

/** The physical line where a quoted field opens and never closes (quotes only open at a field start). */
function unclosedQuoteLine(text: string, delimiter: string): number | undefined {
  let line = 1;
  let openedAt: number | undefined;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (openedAt !== undefined) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else {
          openedAt = undefined;
          fieldStart = false;
        }
      } else if (ch === '\n') line++;
      continue;
    }
    if (ch === '"' && fieldStart) openedAt = line;
    else if (ch === '\n') line++;
    fieldStart = ch === delimiter || ch === '\n' || ch === '\r';
  }
  return openedAt;
}

function parseCsvRows(data: Buffer, lim: ParseLimits): RawRow[] {
  // One record delimiter is much faster to parse; newlines inside quoted text become \n, which
  // is how text fields store them anyway.
  const text = decodeText(data)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw emptyFile();
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (err) {
    const e = err as { code?: string; lines?: number; message?: string };
    const line =
      e.code === 'CSV_QUOTE_NOT_CLOSED' ? (unclosedQuoteLine(text, delimiter) ?? e.lines) : e.lines;
    const where = line ? `第 ${line} 行附近` : '';
    const whereEn = line ? ` near line ${line}` : '';
    const what =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? [`${where}有未闭合的引号`, `unclosed quote${whereEn}`]
        : [`${where}无法解析`, `cannot be parsed${whereEn}: ${e.message ?? 'unknown error'}`];
    throw new ImportFileError('import_unreadable', `CSV ${what[0]} / CSV ${what[1]}`);
  }
  const grid = new GridBuilder(lim.maxRows, '');
  records.forEach((cells, i) => grid.add({ line: i + 1, cells }));
  return grid.finish();
}

// ---------------------------------------------------------------------------------------------
// XLSX

/**
 * Sums the uncompressed sizes in a ZIP's central directory without inflating anything, so a
 * small archive that expands to gigabytes is refused before ExcelJS touches it.
 * Returns undefined when the buffer is not a readable ZIP.
 */
export function zipUncompressedSize(buf: Buffer): number | undefined {
  const EOCD = 0x06054b50;
  const minStart = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= minStart; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return undefined;
    const size = buf.readUInt32LE(p + 24);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY; // ZIP64 entry: > 4 GB
    total += size;
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return total;
}

const CELL_ERROR = Symbol('cell error');
interface CellError {
  [CELL_ERROR]: string;
}

/** A cell as a plain value: rich text and hyperlinks as their text, formulas as their result. */
function normaliseCell(value: unknown, numFmt: string | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : formatCellDate(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return (v.richText as { text?: unknown }[])
        .map((t) => (typeof t.text === 'string' ? t.text : ''))
        .join('');
    }
    if ('error' in v) return { [CELL_ERROR]: String(v.error) } satisfies CellError;
    if ('formula' in v || 'sharedFormula' in v || 'result' in v) {
      const r = v.result;
      if (typeof r === 'number' && isDateFormat(numFmt)) return formatCellDate(excelSerialToDate(r));
      return normaliseCell(r, numFmt);
    }
    if ('text' in v) return normaliseCell(v.text, numFmt);
  }
  return null;
}

const isCellError = (v: unknown): v is CellError => typeof v === 'object' && v !== null && CELL_ERROR in v;

type SheetReader = AsyncIterable<ExcelJS.Row> & { name?: string; state?: string };

async function parseXlsxRows(data: Buffer, lim: ParseLimits): Promise<RawRow[]> {
  if (data.length >= 8 && data.readUInt32BE(0) === 0xd0cf11e0) {
    throw new ImportFileError(
      'import_unreadable',
      '这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入 / This is a legacy .xls file; save it as .xlsx and try again',
    );
  }
  const unzipped = data.readUInt32LE(0) === 0x04034b50 ? zipUncompressedSize(data) : undefined;
  if (unzipped === undefined) {
    throw new ImportFileError('import_unreadable', '不是有效的 .xlsx 文件 / Not a valid .xlsx file');
  }
  if (unzipped > lim.maxUnzippedBytes) {
    throw new ImportFileError(
      'import_file_too_large',
      `解压后超过 ${mb(lim.maxUnzippedBytes)} MB，请拆分后再导入 / The workbook expands to more than ${mb(lim.maxUnzippedBytes)} MB; split it`,
    );
  }

  const grid = new GridBuilder(lim.maxRows, null);
  let found = false;
  try {
    // Streaming keeps memory bounded and lets us stop at the row limit; styles are needed to
    // tell dates from numbers.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(data), {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    for await (const ws of reader as AsyncIterable<unknown>) {
      const sheet = ws as SheetReader;
      if (found || (sheet.state !== undefined && sheet.state !== 'visible')) {
        for await (const _row of sheet) {
          // Drain sheets we do not read so the archive stream keeps flowing.
        }
        continue;
      }
      found = true;
      for await (const row of sheet) {
        const cells: unknown[] = [];
        let cellIssues: Map<number, string> | undefined;
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          const v = normaliseCell(cell.value, cell.numFmt);
          if (isCellError(v)) {
            cellIssues ??= new Map();
            cellIssues.set(
              col - 1,
              `单元格 ${cell.address} 是 Excel 错误值 ${v[CELL_ERROR]}，请修正公式 / cell ${cell.address} holds the Excel error ${v[CELL_ERROR]}`,
            );
            cells[col - 1] = null;
          } else cells[col - 1] = v;
        });
        for (let i = 0; i < cells.length; i++) if (!(i in cells)) cells[i] = null;
        grid.add({ line: row.number, cells, ...(cellIssues ? { cellIssues } : {}) });
      }
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(
      'import_unreadable',
      `无法读取 .xlsx 文件：${(err as Error).message} / Cannot read the .xlsx file`,
    );
  }
  if (!found) throw emptyFile();
  return grid.finish();
}

// ---------------------------------------------------------------------------------------------
// JSONL

function parseJsonlRows(data: Buffer, lim: ParseLimits): RawRow[] {
  const lines = decodeText(data)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const rows: RawRow[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    if (rows.length >= lim.maxRows) throw tooManyRows(lim.maxRows);
    const line = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      rows.push({
        line,
        values: {},
        issues: [
          {
            column: '',
            message: `第 ${line} 行不是有效的 JSON / line ${line} is not valid JSON: ${(err as Error).message}`,
          },
        ],
      });
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      rows.push({
        line,
        values: {},
        issues: [
          { column: '', message: '每行应为一个 JSON 对象 { … } / each line must be a JSON object { … }' },
        ],
      });
      return;
    }
    rows.push({ line, values: parsed as Record<string, unknown> });
  });
  if (rows.length === 0) throw emptyFile();
  return rows;
}
