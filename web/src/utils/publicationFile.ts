/**
 * Reads a mentor's publication list from a CSV or JSON Lines file in the browser, row by row, with
 * the same limits as the API (POST /mentors/:id/publications), so the preview shows every bad row
 * before anything is sent. Pure functions: no DOM, no Vue (unit-tested in Node).
 */

export interface PublicationDraft {
  title: string;
  abstract?: string;
  keywords?: string[];
  year?: number;
  venue?: string;
}

export type PublicationField = keyof PublicationDraft | 'row';

/** i18n keys under mentor.importErrors, with their parameters. */
export type RowErrorCode =
  | 'required'
  | 'tooLong'
  | 'notInteger'
  | 'outOfRange'
  | 'tooManyItems'
  | 'notText'
  | 'badJson'
  | 'notObject'
  | 'duplicate';

export interface RowError {
  field: PublicationField;
  code: RowErrorCode;
  params?: Record<string, string | number>;
}

export interface PublicationRow {
  /** Row as the user sees it: spreadsheet row (header = 1) or JSONL line. */
  line: number;
  /** The publication to send; absent when the row has errors. */
  value?: PublicationDraft;
  /** What the file said, for the preview (title as written). */
  title: string;
  errors: RowError[];
}

export type FileErrorCode = 'empty' | 'noTitleColumn' | 'tooManyRows';

export interface ParsedPublications {
  rows: PublicationRow[];
  /** Columns (CSV) or keys (JSONL) that were ignored. */
  ignored: string[];
  fileError?: { code: FileErrorCode; params?: Record<string, string | number> };
}

export type PublicationFormat = 'csv' | 'jsonl';

/** Same bounds as the API's PublicationInput schema. */
export const LIMITS = {
  rows: 200,
  title: 300,
  abstract: 10_000,
  keywords: 20,
  keyword: 60,
  venue: 200,
  yearMin: 1950,
  yearMax: 2100,
} as const;

const SPELLINGS: Record<keyof PublicationDraft, string[]> = {
  title: ['标题', '题目', '论文题目', '论文标题', '题名', 'title'],
  abstract: ['摘要', '论文摘要', 'abstract'],
  keywords: ['关键词', '关键字', 'keywords', 'keyword'],
  year: ['年份', '发表年份', '年度', 'year'],
  venue: ['期刊', '刊物', '发表期刊', '期刊会议', '期刊/会议', '来源', 'venue', 'journal'],
};

/** Header comparison: NFKC (full width → half width), lower case, no spaces, `_`, `-`, `*`, `:`, `/`. */
export const normaliseHeader = (h: string) =>
  h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-*:/]/g, '');

const FIELD_OF = new Map<string, keyof PublicationDraft>(
  Object.entries(SPELLINGS).flatMap(([field, names]) =>
    names.map((n) => [normaliseHeader(n), field as keyof PublicationDraft]),
  ),
);

/** The format from the file name; null when it is neither CSV nor JSON Lines. */
export function formatOf(fileName: string): PublicationFormat | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  return null;
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 from Chinese Excel's "CSV". */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gbk').decode(bytes);
  }
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export function csvRecords(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

const LIST_SEPARATORS = /[;；,，、|\n]/;

/** Checks one row's raw values (strings from CSV, anything from JSON) against the API's limits. */
function checkRow(line: number, raw: Partial<Record<keyof PublicationDraft, unknown>>): PublicationRow {
  const errors: RowError[] = [];
  const text = (v: unknown) =>
    typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : v == null ? '' : null;
  const title = text(raw.title);
  const value: PublicationDraft = { title: title ?? '' };
  if (title === null) errors.push({ field: 'title', code: 'notText' });
  else if (!title) errors.push({ field: 'title', code: 'required' });
  else if (title.length > LIMITS.title)
    errors.push({ field: 'title', code: 'tooLong', params: { max: LIMITS.title } });

  const abstract = text(raw.abstract);
  if (abstract === null) errors.push({ field: 'abstract', code: 'notText' });
  else if (abstract.length > LIMITS.abstract)
    errors.push({ field: 'abstract', code: 'tooLong', params: { max: LIMITS.abstract } });
  else if (abstract) value.abstract = abstract;

  const venue = text(raw.venue);
  if (venue === null) errors.push({ field: 'venue', code: 'notText' });
  else if (venue.length > LIMITS.venue)
    errors.push({ field: 'venue', code: 'tooLong', params: { max: LIMITS.venue } });
  else if (venue) value.venue = venue;

  if (raw.year !== undefined && raw.year !== null && String(raw.year).trim() !== '') {
    const s = String(raw.year).normalize('NFKC').trim().replace(/年$/, '');
    const n = /^\d+$/.test(s) ? Number(s) : NaN;
    if (!Number.isInteger(n)) errors.push({ field: 'year', code: 'notInteger', params: { value: s } });
    else if (n < LIMITS.yearMin || n > LIMITS.yearMax)
      errors.push({
        field: 'year',
        code: 'outOfRange',
        params: { min: LIMITS.yearMin, max: LIMITS.yearMax },
      });
    else value.year = n;
  }

  if (raw.keywords !== undefined && raw.keywords !== null) {
    const items = (Array.isArray(raw.keywords) ? raw.keywords : String(raw.keywords).split(LIST_SEPARATORS))
      .map((k) => String(k).trim())
      .filter((k, i, all) => k !== '' && all.indexOf(k) === i);
    if (items.length > LIMITS.keywords)
      errors.push({ field: 'keywords', code: 'tooManyItems', params: { max: LIMITS.keywords } });
    else if (items.some((k) => k.length > LIMITS.keyword))
      errors.push({ field: 'keywords', code: 'tooLong', params: { max: LIMITS.keyword } });
    else if (items.length) value.keywords = items;
  }
  return errors.length ? { line, title: title ?? '', errors } : { line, title: value.title, value, errors };
}

function parseCsv(text: string): ParsedPublications {
  const records = csvRecords(text);
  const headerAt = records.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerAt < 0) return { rows: [], ignored: [], fileError: { code: 'empty' } };
  const header = records[headerAt]!;
  const fields = header.map((h) => FIELD_OF.get(normaliseHeader(h)));
  const ignored = header.filter((h, i) => h.trim() !== '' && !fields[i]);
  if (!fields.includes('title')) return { rows: [], ignored, fileError: { code: 'noTitleColumn' } };
  const rows: PublicationRow[] = [];
  records.slice(headerAt + 1).forEach((r, i) => {
    if (r.every((c) => c.trim() === '')) return;
    const raw: Partial<Record<keyof PublicationDraft, unknown>> = {};
    fields.forEach((f, j) => {
      if (f && raw[f] === undefined) raw[f] = r[j] ?? '';
    });
    rows.push(checkRow(headerAt + i + 2, raw));
  });
  return { rows, ignored };
}

function parseJsonl(text: string): ParsedPublications {
  const rows: PublicationRow[] = [];
  const ignored = new Set<string>();
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (lineText.trim() === '') return;
    const line = i + 1;
    let v: unknown;
    try {
      v = JSON.parse(lineText);
    } catch {
      rows.push({ line, title: '', errors: [{ field: 'row', code: 'badJson' }] });
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      rows.push({ line, title: '', errors: [{ field: 'row', code: 'notObject' }] });
      return;
    }
    const raw: Partial<Record<keyof PublicationDraft, unknown>> = {};
    for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
      const f = FIELD_OF.get(normaliseHeader(k));
      if (f) raw[f] = value;
      else ignored.add(k);
    }
    rows.push(checkRow(line, raw));
  });
  return { rows, ignored: [...ignored] };
}

/** Parses the whole file; rows keep their own errors, file-level problems go in `fileError`. */
export function parsePublications(text: string, format: PublicationFormat): ParsedPublications {
  const parsed = format === 'csv' ? parseCsv(text) : parseJsonl(text);
  if (parsed.fileError) return parsed;
  if (parsed.rows.length === 0) return { ...parsed, fileError: { code: 'empty' } };
  if (parsed.rows.length > LIMITS.rows)
    return { ...parsed, fileError: { code: 'tooManyRows', params: { max: LIMITS.rows } } };
  // The same title twice in one file is almost always a copy-paste slip.
  const seen = new Map<string, number>();
  for (const row of parsed.rows) {
    if (!row.value) continue;
    const key = normaliseHeader(row.value.title);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, row.line);
    else {
      row.errors.push({ field: 'title', code: 'duplicate', params: { line: first } });
      delete row.value;
    }
  }
  return parsed;
}

/** Maps an API field error like `publications.3.year` back to the row it came from. */
export function rowOfApiField(field: string, sent: PublicationRow[]): PublicationRow | undefined {
  const m = /^publications\.(\d+)(?:\.|$)/.exec(field);
  return m ? sent[Number(m[1])] : undefined;
}

/** An example file to start from: the preferred headers and one row (with a BOM for Excel). */
export const PUBLICATION_EXAMPLE_CSV =
  '\uFEFF题目,摘要,关键词,年份,期刊\r\n' +
  '基于充放电曲线的锂离子电池健康状态估计,提出一种基于增量容量分析的健康状态估计方法。,锂离子电池;健康状态,2024,电工技术学报\r\n';
