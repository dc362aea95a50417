import { excelSerialToDate, formatCellDate, isoDate, MAX_EXCEL_SERIAL } from './dates.ts';
import { ImportFileError } from './errors.ts';
import type { RawRow } from './parse.ts';

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'list';

/** How one field is read from a column; any of `headers` may be used in the file (Chinese or English). */
export interface ColumnSpec {
  field: string;
  /** Accepted header spellings, the preferred (Chinese) one first. Matched ignoring case, spaces, `_`, `-`, `*` and full/half width. */
  headers: readonly string[];
  type: ColumnType;
  /** The column must exist in the file (a file-level error otherwise). Empty cells are left to the schema. */
  required?: boolean;
  /** Accepted labels → stored value, e.g. `{ 实习: 'internship' }`. Stored values are accepted too; anything else is a row error. */
  values?: Readonly<Record<string, string>>;
  /** Unit suffixes allowed after a number and dropped, e.g. `['万元', '万']`. */
  units?: readonly string[];
  /** For codes that Excel turns into numbers (学科代码 0812 → 812): an all-digit value one digit short of one of these lengths gets its leading zero back. */
  codeLengths?: readonly number[];
}

/**
 * A list of objects spread over numbered columns (`论文1标题`, `论文1摘要`, `论文2标题`, … or
 * `paper 1 title`), or given whole as JSON (a JSONL array, or a JSON text in one column).
 */
export interface RepeatedGroupSpec {
  field: string;
  /** Number prefixes: `论文` in `论文1标题`. */
  prefixes: readonly string[];
  /** Headers of a single column holding the whole list as JSON. */
  headers: readonly string[];
  parts: readonly ColumnSpec[];
}

export interface EntityColumns {
  columns: readonly ColumnSpec[];
  groups?: readonly RepeatedGroupSpec[];
}

export interface FieldError {
  line: number;
  /** Field path as in the API (`seats`, `skills.2`, `publications.0.year`); `(row)` for the whole row. */
  field: string;
  message: string;
}

export interface MappedRow {
  line: number;
  /** Typed values of the cells that were read; fields with empty cells or errors are absent. */
  value: Record<string, unknown>;
  errors: FieldError[];
  /**
   * Names for list items read from numbered columns, by path: `publications.0` → `论文2` when
   * 论文1 was left empty, so schema errors point at the columns the user filled.
   */
  itemLabels?: Record<string, string>;
}

export interface MapResult {
  rows: MappedRow[];
  /** File-level notices, each once: unknown columns, columns given twice. */
  warnings: string[];
  /** Field → header as written in this file, so messages speak the user's words. */
  labels: Record<string, string>;
}

export const ROW_FIELD = '(row)';

/** Header/label comparison key: NFKC (full-width → half-width), lower case, no spaces, `_`, `-`, `*`, `:`. */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-*:]/g, '');
}

// ---------------------------------------------------------------------------------------------
// Coercion of one cell

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const fail = (message: string): Coerced => ({ ok: false, message });

const TRUE = new Set(['是', 'true', '1', 'yes', 'y', '√', '✓']);
const FALSE = new Set(['否', 'false', '0', 'no', 'n', '×', '✗']);
const LIST_SEPARATORS = /[;；,，、|\n]/;

export function isEmptyCell(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    (typeof v === 'string' && v.trim() === '') ||
    (Array.isArray(v) && v.length === 0)
  );
}

function stripUnits(s: string, units: readonly string[] | undefined): string {
  const t = s.normalize('NFKC').replace(/[\s,]/g, '');
  for (const u of units ?? []) {
    const unit = u.normalize('NFKC');
    if (t.endsWith(unit) && t.length > unit.length) return t.slice(0, -unit.length);
  }
  return t;
}

function toText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n').trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

function allowedList(spec: ColumnSpec): string {
  const labels = Object.keys(spec.values ?? {});
  const stored = [...new Set(Object.values(spec.values ?? {}))];
  return `可填：${labels.join('、')} / one of ${stored.join(', ')}`;
}

const valueMaps = new WeakMap<Readonly<Record<string, string>>, Map<string, string>>();

/** normalised label or stored value → stored value, built once per spec. */
function valueMap(values: Readonly<Record<string, string>>): Map<string, string> {
  let map = valueMaps.get(values);
  if (!map) {
    map = new Map();
    for (const [label, stored] of Object.entries(values)) {
      map.set(normaliseHeader(stored), stored);
      map.set(normaliseHeader(label), stored);
    }
    valueMaps.set(values, map);
  }
  return map;
}

function lookupValue(spec: ColumnSpec, text: string): string | undefined {
  return spec.values ? valueMap(spec.values).get(normaliseHeader(text)) : text;
}

function restoreCode(text: string, lengths: readonly number[] | undefined): string {
  if (!lengths || !/^\d+$/.test(text)) return text;
  return lengths.includes(text.length + 1) && !lengths.includes(text.length) ? `0${text}` : text;
}

function coerceText(spec: ColumnSpec, v: unknown): Coerced {
  const text = toText(v);
  if (text === undefined) return fail('应为文本 / must be text');
  const value = lookupValue(spec, restoreCode(text, spec.codeLengths));
  return value === undefined ? fail(`无法识别「${text}」，${allowedList(spec)}`) : ok(value);
}

function coerceNumber(spec: ColumnSpec, v: unknown, integer: boolean): Coerced {
  const [zh, en] = integer ? ['整数', 'a whole number'] : ['数字', 'a number'];
  const msg = `必须是${zh} / must be ${en}`;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const t = stripUnits(v, spec.units);
    const pattern = integer ? /^[+-]?\d+(\.0+)?$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    if (!pattern.test(t)) return fail(`「${v.trim()}」不是${zh} / "${v.trim()}" is not ${en}`);
    n = Number(t);
  } else return fail(msg);
  if (!Number.isFinite(n)) return fail(msg);
  if (integer && !Number.isSafeInteger(n)) return fail(msg);
  return ok(n);
}

function coerceBoolean(v: unknown): Coerced {
  if (typeof v === 'boolean') return ok(v);
  const text = toText(v);
  const key = text === undefined ? undefined : normaliseHeader(text);
  if (key !== undefined && TRUE.has(key)) return ok(true);
  if (key !== undefined && FALSE.has(key)) return ok(false);
  return fail(`应填 是/否（或 true/false、1/0） / must be 是/否, true/false or 1/0`);
}

const DATE_HELP = '日期应写作 YYYY-MM-DD（也可 YYYY/M/D 或 Excel 日期） / use a date like YYYY-MM-DD';

/** Accepts YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 (an optional time is dropped), YYYYMMDD and Excel serial days. */
export function coerceDate(v: unknown): Coerced {
  if (v instanceof Date) {
    return Number.isNaN(v.getTime()) ? fail(DATE_HELP) : ok(formatCellDate(v).slice(0, 10));
  }
  if (typeof v === 'number') {
    if (v < 1 || v > MAX_EXCEL_SERIAL + 1) return fail(DATE_HELP);
    return ok(formatCellDate(excelSerialToDate(Math.floor(v))));
  }
  if (typeof v !== 'string') return fail(DATE_HELP);
  const t = v.normalize('NFKC').trim();
  let m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      t,
    );
  m ??= /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? ok(iso) : fail(`「${t}」不是有效日期 / ${t} is not a real date`);
  }
  if (/^\d{5}(\.\d+)?$/.test(t)) return coerceDate(Number(t));
  return fail(`「${t}」${DATE_HELP}`);
}

function coerceList(spec: ColumnSpec, v: unknown): Coerced {
  let items: unknown[];
  if (Array.isArray(v)) items = v;
  else if (typeof v === 'string') items = v.split(LIST_SEPARATORS);
  else if (typeof v === 'number') items = [v];
  else return fail('应为列表，用分号、逗号或顿号分隔 / must be a list separated by ; , or 、');
  const out: string[] = [];
  for (const item of items) {
    if (isEmptyCell(item)) continue;
    const one = coerceText(spec, item);
    if (!one.ok) return one;
    const s = one.value as string;
    if (s !== '' && !out.includes(s)) out.push(s);
  }
  return ok(out);
}

/** Reads one non-empty cell as the column's type. */
export function coerceCell(spec: ColumnSpec, v: unknown): Coerced {
  switch (spec.type) {
    case 'string':
      return coerceText(spec, v);
    case 'integer':
      return coerceNumber(spec, v, true);
    case 'number':
      return coerceNumber(spec, v, false);
    case 'boolean':
      return coerceBoolean(v);
    case 'date':
      return coerceDate(v);
    case 'list':
      return coerceList(spec, v);
  }
}

// ---------------------------------------------------------------------------------------------
// Header resolution

type HeaderTarget =
  | { kind: 'column'; spec: ColumnSpec }
  | { kind: 'part'; group: RepeatedGroupSpec; index: number; spec: ColumnSpec }
  | { kind: 'json'; group: RepeatedGroupSpec };

function resolveHeader(header: string, entity: EntityColumns): HeaderTarget | undefined {
  const key = normaliseHeader(header);
  for (const spec of entity.columns) {
    if (spec.headers.some((h) => normaliseHeader(h) === key)) return { kind: 'column', spec };
  }
  for (const group of entity.groups ?? []) {
    if (group.headers.some((h) => normaliseHeader(h) === key)) return { kind: 'json', group };
    for (const prefix of group.prefixes.map(normaliseHeader)) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const m = /^(\d+)(\D.*)$/.exec(rest) ?? /^(\D.*?)(\d+)$/.exec(rest);
      if (!m) continue;
      const [index, part] = /^\d/.test(m[1]!) ? [Number(m[1]), m[2]!] : [Number(m[2]), m[1]!];
      const spec = group.parts.find((p) => p.headers.some((h) => normaliseHeader(h) === part));
      if (spec && index >= 1) return { kind: 'part', group, index, spec };
    }
  }
  return undefined;
}

function targetKey(t: HeaderTarget): string {
  switch (t.kind) {
    case 'column':
      return t.spec.field;
    case 'json':
      return t.group.field;
    case 'part':
      return `${t.group.field}.${t.index}.${t.spec.field}`;
  }
}

const asEntity = (specs: readonly ColumnSpec[] | EntityColumns): EntityColumns =>
  Array.isArray(specs) ? { columns: specs as readonly ColumnSpec[] } : (specs as EntityColumns);

/** The header spellings a column may use, for messages: 标题 / 题目 / title. */
export const spellings = (spec: ColumnSpec) => spec.headers.join(' / ');

// ---------------------------------------------------------------------------------------------
// Mapping rows

/**
 * Maps raw rows to typed objects using the column specs. Unknown headers become warnings (once);
 * a required column absent from the file is an ImportFileError naming the accepted spellings;
 * cells that cannot be read as their type become field errors on that row.
 */
export function mapRows(rows: readonly RawRow[], specs: readonly ColumnSpec[] | EntityColumns): MapResult {
  const entity = asEntity(specs);
  const warnings: string[] = [];
  const labels: Record<string, string> = {};

  // Headers in order of first appearance (all rows of a grid share them; JSONL rows may differ).
  const headers: string[] = [];
  const seenHeaders = new Set<string>();
  for (const row of rows) {
    for (const h of Object.keys(row.values)) {
      if (!seenHeaders.has(h)) {
        seenHeaders.add(h);
        headers.push(h);
      }
    }
  }

  const targets = new Map<string, HeaderTarget>();
  const usedBy = new Map<string, string>();
  for (const h of headers) {
    const target = resolveHeader(h, entity);
    if (!target) {
      warnings.push(`未识别的列「${h}」，已忽略 / Unknown column "${h}" was ignored`);
      continue;
    }
    const key = targetKey(target);
    const first = usedBy.get(key);
    if (first !== undefined) {
      warnings.push(
        `列「${h}」与「${first}」是同一字段 ${key}，只读取「${first}」 / Columns "${first}" and "${h}" are both ${key}; only "${first}" was read`,
      );
      continue;
    }
    usedBy.set(key, h);
    targets.set(h, target);
    if (target.kind === 'column') labels[target.spec.field] = h;
    else if (target.kind === 'json') labels[target.group.field] = h;
    else labels[target.group.field] ??= target.group.prefixes[0] ?? target.group.field;
  }

  // A file where no row could be read at all (every JSONL line broken) has no headers to check;
  // its rows carry their own errors.
  const anyReadable = rows.some((r) => !r.issues?.length || Object.keys(r.values).length > 0);
  const missing = entity.columns.filter((s) => s.required && !usedBy.has(s.field));
  if (anyReadable && missing.length > 0) {
    const fields = Object.fromEntries(
      missing.map((s) => [
        s.field,
        `缺少此列，表头可写作：${spellings(s)} / missing column; use one of: ${spellings(s)}`,
      ]),
    );
    throw new ImportFileError(
      'import_missing_columns',
      `缺少必填列：${missing.map((s) => `「${s.headers[0]}」（${spellings(s)}）`).join('、')} / Missing required columns: ${missing.map((s) => s.field).join(', ')}`,
      fields,
    );
  }

  const mapped = rows.map((row): MappedRow => {
    const value: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    const groupItems = new Map<string, Map<number, Record<string, unknown>>>();
    const itemLabels: Record<string, string> = {};

    for (const issue of row.issues ?? []) {
      const t = issue.column ? targets.get(issue.column) : undefined;
      if (issue.column && !t) continue; // a problem in a column that is ignored anyway
      const field = !t
        ? ROW_FIELD
        : t.kind === 'part'
          ? `${t.group.field}.${t.index - 1}.${t.spec.field}`
          : targetKey(t);
      errors.push({
        line: row.line,
        field,
        message: issue.column ? `${issue.column}: ${issue.message}` : issue.message,
      });
    }
    const failed = new Set(errors.map((e) => e.field));

    for (const [header, target] of targets) {
      const raw = row.values[header];
      if (isEmptyCell(raw)) continue;
      if (target.kind === 'column') {
        if (failed.has(target.spec.field)) continue;
        const r = coerceCell(target.spec, raw);
        if (r.ok) {
          if (!isEmptyCell(r.value)) value[target.spec.field] = r.value;
        } else errors.push({ line: row.line, field: target.spec.field, message: `${header}: ${r.message}` });
      } else if (target.kind === 'part') {
        const r = coerceCell(target.spec, raw);
        const path = `${target.group.field}.${target.index - 1}.${target.spec.field}`;
        if (!r.ok) {
          errors.push({ line: row.line, field: path, message: `${header}: ${r.message}` });
          continue;
        }
        if (isEmptyCell(r.value)) continue;
        let items = groupItems.get(target.group.field);
        if (!items) groupItems.set(target.group.field, (items = new Map()));
        let item = items.get(target.index);
        if (!item) items.set(target.index, (item = {}));
        item[target.spec.field] = r.value;
      } else {
        const r = coerceGroupJson(target.group, raw);
        if (r.ok) {
          if (!isEmptyCell(r.value)) value[target.group.field] = r.value;
        } else {
          errors.push({
            line: row.line,
            field: r.field ?? target.group.field,
            message: `${header}: ${r.message}`,
          });
        }
      }
    }
    for (const [field, items] of groupItems) {
      if (field in value) continue; // a JSON column wins over numbered columns
      const sorted = [...items.entries()].sort((a, b) => a[0] - b[0]);
      value[field] = sorted.map(([, item]) => item);
      const group = entity.groups?.find((g) => g.field === field);
      sorted.forEach(([index], position) => {
        itemLabels[`${field}.${position}`] = `${group?.prefixes[0] ?? field}${index}`;
      });
    }
    return Object.keys(itemLabels).length > 0
      ? { line: row.line, value, errors, itemLabels }
      : { line: row.line, value, errors };
  });

  return { rows: mapped, warnings, labels };
}

type GroupCoerced = { ok: true; value: unknown } | { ok: false; message: string; field?: string };

/** A whole repeated group given as a JSON array (JSONL value, or JSON text in one cell). */
function coerceGroupJson(group: RepeatedGroupSpec, raw: unknown): GroupCoerced {
  let list = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch {
      return { ok: false, message: '应为 JSON 数组 [{…}, …] / must be a JSON array [{…}, …]' };
    }
  }
  if (!Array.isArray(list))
    return { ok: false, message: '应为 JSON 数组 [{…}, …] / must be a JSON array [{…}, …]' };
  const out: Record<string, unknown>[] = [];
  for (const [i, element] of list.entries()) {
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      return {
        ok: false,
        field: `${group.field}.${i}`,
        message: `第 ${i + 1} 项应为对象 / item ${i + 1} must be an object`,
      };
    }
    const item: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(element as Record<string, unknown>)) {
      const spec = group.parts.find(
        (p) => p.field === k || p.headers.some((h) => normaliseHeader(h) === normaliseHeader(k)),
      );
      if (!spec) {
        item[k] = v; // left for the schema to reject as an unknown field
        continue;
      }
      if (isEmptyCell(v)) continue;
      const r = coerceCell(spec, v);
      if (!r.ok)
        return {
          ok: false,
          field: `${group.field}.${i}.${spec.field}`,
          message: `第 ${i + 1} 项 ${k}: ${r.message}`,
        };
      if (!isEmptyCell(r.value)) item[spec.field] = r.value;
    }
    out.push(item);
  }
  return { ok: true, value: out };
}
