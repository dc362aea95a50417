import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import type { Validator } from 'typebox/compile';
import { ROW_FIELD, type MappedRow } from './columns.ts';
import type { ImportReport, ImportRowError } from './schemas.ts';

export type { ImportReport, ImportRowError } from './schemas.ts';

export interface ValidRow<T> {
  line: number;
  value: T;
}

export interface ValidationOutcome<T> {
  valid: ValidRow<T>[];
  errors: ImportRowError[];
}

export interface ValidateOptions {
  /** Field → header the user wrote, so messages say 名额 rather than seats (MapResult.labels). */
  labels?: Readonly<Record<string, string>>;
  /** Fields that must not repeat within the file (e.g. studentNo); later repeats are rejected. */
  unique?: readonly string[];
}

const compiled = new WeakMap<TSchema, Validator>();

function validatorFor(schema: TSchema): Validator {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = Compile(schema) as unknown as Validator));
  return v;
}

/** `/skills/0` → `skills.0` */
const dotted = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');

/** A field path for people: `技能 第1项`, `论文 第2项 title`. */
function display(
  path: string,
  labels: Readonly<Record<string, string>>,
  itemLabels: Readonly<Record<string, string>> = {},
): string {
  const [top = '', ...rest] = path.split('.');
  const item = rest.length > 0 ? itemLabels[`${top}.${rest[0]}`] : undefined;
  if (item) return [item, ...rest.slice(1)].join(' ');
  const head = labels[top] ?? top;
  return [head, ...rest.map((s) => (/^\d+$/.test(s) ? `第${Number(s) + 1}项` : s))].join(' ');
}

const num = (n: number | bigint) => String(n);

const knownPatterns: Record<string, [string, string]> = {
  '^[0-9A-Za-z_-]+$': ['只能包含字母、数字、- 和 _', 'letters, digits, - and _ only'],
};

/** What to fix, in Chinese and English, for one TypeBox error. */
export function describeError(e: TLocalizedValidationError): string {
  switch (e.keyword) {
    case 'required':
      return '必填 / required';
    case 'minLength':
      return e.params.limit <= 1
        ? '不能为空 / must not be empty'
        : `至少 ${e.params.limit} 个字符 / must be at least ${e.params.limit} characters`;
    case 'maxLength':
      return `不能超过 ${e.params.limit} 个字符 / must be at most ${e.params.limit} characters`;
    case 'minimum':
      return `必须 ≥ ${num(e.params.limit)} / must be ≥ ${num(e.params.limit)}`;
    case 'maximum':
      return `必须 ≤ ${num(e.params.limit)} / must be ≤ ${num(e.params.limit)}`;
    case 'exclusiveMinimum':
      return `必须 > ${num(e.params.limit)} / must be > ${num(e.params.limit)}`;
    case 'exclusiveMaximum':
      return `必须 < ${num(e.params.limit)} / must be < ${num(e.params.limit)}`;
    case 'minItems':
      return `至少 ${e.params.limit} 项 / must have at least ${e.params.limit} items`;
    case 'maxItems':
      return `最多 ${e.params.limit} 项 / must have at most ${e.params.limit} items`;
    case 'uniqueItems':
      return '不能有重复项 / must not repeat items';
    case 'enum':
      return `可选值：${e.params.allowedValues.map(String).join('、')} / must be one of ${e.params.allowedValues.map(String).join(', ')}`;
    case 'const':
      return `必须是 ${String(e.params.allowedValue)} / must be ${String(e.params.allowedValue)}`;
    case 'pattern': {
      const known = knownPatterns[String(e.params.pattern)];
      return known
        ? `格式不正确，${known[0]} / invalid: ${known[1]}`
        : `格式不正确，应匹配 ${String(e.params.pattern)} / must match ${String(e.params.pattern)}`;
    }
    case 'format':
      switch (e.params.format) {
        case 'date':
          return '日期应写作 YYYY-MM-DD / must be a date YYYY-MM-DD';
        case 'email':
          return '邮箱格式不正确 / must be a valid email address';
        default:
          return `格式应为 ${e.params.format} / must be a valid ${e.params.format}`;
      }
    case 'type': {
      const t = String((e.params as { type: unknown }).type);
      const zh: Record<string, string> = {
        integer: '必须是整数 / must be a whole number',
        number: '必须是数字 / must be a number',
        boolean: '应填 是/否 / must be true or false',
        string: '应为文本 / must be text',
        array: '应为列表 / must be a list',
        object: '应为对象 / must be an object',
        null: '应为空 / must be empty',
      };
      return zh[t] ?? `类型应为 ${t} / must be ${t}`;
    }
    case 'additionalProperties':
      return '不支持的字段 / unknown field';
    case 'boolean':
      // `additionalProperties: false` reports each extra property as a false sub-schema.
      return '不支持的字段 / unknown field';
    case '~refine':
    case 'anyOf':
    case 'contains':
    case 'dependencies':
    case 'dependentRequired':
    case 'if':
    case 'maxProperties':
    case 'minProperties':
    case 'multipleOf':
    case 'not':
    case 'oneOf':
    case 'propertyNames':
    case 'unevaluatedItems':
    case 'unevaluatedProperties':
      return e.message;
  }
}

/** TypeBox errors as (path, message), one per path, the most specific first. */
function schemaErrors(errors: TLocalizedValidationError[]): { path: string; message: string }[] {
  const out = new Map<string, string>();
  const add = (path: string, message: string, overwrite = false) => {
    if (overwrite || !out.has(path)) out.set(path, message);
  };
  for (const e of errors) {
    const base = dotted(e.instancePath);
    if (e.keyword === 'required') {
      const props = (e.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      for (const p of props) add(base ? `${base}.${p}` : p, describeError(e));
    } else if (e.keyword === 'additionalProperties') {
      for (const p of e.params.additionalProperties) add(base ? `${base}.${p}` : p, describeError(e));
    } else if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      // A union (e.g. date | null) also reports its branch's own error; keep that one.
      add(base || ROW_FIELD, '格式不正确 / invalid value');
    } else {
      const message = describeError(e);
      // Prefer the branch's concrete error over the generic union error at the same path.
      add(base || ROW_FIELD, message, out.get(base || ROW_FIELD) === '格式不正确 / invalid value');
    }
  }
  return [...out].map(([path, message]) => ({ path, message }));
}

/**
 * Validates mapped rows against a TypeBox schema (the API's create schema, compiled once).
 * Errors from reading the cells (MappedRow.errors) come first; the schema does not repeat an
 * error for a field that already failed to read. Messages start with the user's header.
 */
export function validateRows<T extends TSchema>(
  mapped: readonly MappedRow[],
  schema: T,
  options: ValidateOptions = {},
): ValidationOutcome<Static<T>> {
  const validator = validatorFor(schema);
  const labels = options.labels ?? {};
  const schemaOrder = Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {});
  const columnOrder = [...new Set([...Object.keys(labels), ...schemaOrder])];
  const firstSeen = new Map<string, Map<string, number>>();
  const valid: ValidRow<Static<T>>[] = [];
  const errors: ImportRowError[] = [];

  for (const row of mapped) {
    const rowErrors: ImportRowError[] = [...row.errors];
    const unreadable = new Set(row.errors.map((e) => e.field));
    const topUnreadable = new Set(row.errors.map((e) => e.field.split('.')[0]));
    const rowBroken = unreadable.has(ROW_FIELD);

    const value = Object.fromEntries(Object.entries(row.value).filter(([, v]) => v !== undefined));
    if (!rowBroken) {
      const problems = validator.Check(value) ? [] : schemaErrors(validator.Errors(value));
      for (const { path, message } of problems) {
        const top = path.split('.')[0]!;
        if (unreadable.has(path) || topUnreadable.has(top)) continue;
        rowErrors.push({
          line: row.line,
          field: path,
          message: `${display(path, labels, row.itemLabels)}: ${message}`,
        });
      }
    }

    for (const field of options.unique ?? []) {
      const v = row.value[field];
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      const key = typeof v === 'string' ? v.trim().toLowerCase() : String(v);
      let seen = firstSeen.get(field);
      if (!seen) firstSeen.set(field, (seen = new Map()));
      const first = seen.get(key);
      if (first === undefined) seen.set(key, row.line);
      else {
        rowErrors.push({
          line: row.line,
          field,
          message: `${display(field, labels)}: 「${String(v)}」与第 ${first} 行重复 / duplicates row ${first}`,
        });
      }
    }

    // Left to right as the columns appear in the file; whole-row problems first.
    const order = (field: string) => {
      if (field === ROW_FIELD) return -1;
      const i = columnOrder.indexOf(field.split('.')[0]!);
      return i < 0 ? columnOrder.length : i;
    };
    rowErrors.sort((a, b) => order(a.field) - order(b.field));

    if (rowErrors.length === 0) valid.push({ line: row.line, value: value as Static<T> });
    else errors.push(...rowErrors);
  }
  return { valid, errors };
}

export const MAX_REPORTED_ERRORS = 1000;

/**
 * The report returned to the user. `imported` is what was actually written (0 on a dry run or
 * when an all-or-nothing import met invalid rows). Errors beyond `maxErrors` are cut, with a warning.
 */
export function buildReport(args: {
  total: number;
  validCount: number;
  errors: readonly ImportRowError[];
  warnings: readonly string[];
  imported: number;
  dryRun: boolean;
  maxErrors?: number;
}): ImportReport {
  const max = args.maxErrors ?? MAX_REPORTED_ERRORS;
  const warnings = [...args.warnings];
  const invalid = new Set(args.errors.map((e) => e.line)).size;
  if (args.errors.length > max) {
    warnings.push(
      `共 ${args.errors.length} 个错误，只列出前 ${max} 个 / ${args.errors.length} errors; only the first ${max} are listed`,
    );
  }
  return {
    total: args.total,
    valid: args.validCount,
    invalid,
    imported: args.imported,
    errors: args.errors.slice(0, max),
    warnings,
    dryRun: args.dryRun,
  };
}
