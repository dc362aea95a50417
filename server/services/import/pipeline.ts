import type { Static } from 'typebox';
import { mapRows } from './columns.ts';
import { importEntities } from './entities.ts';
import { parseUpload, type ParseLimits, type UploadFormat } from './parse.ts';
import type { ImportReport, ImportRowError, ImportType } from './schemas.ts';
import { buildReport, validateRows, type ValidRow } from './validate.ts';

/** The row type each import produces (what the route hands to the service). */
export type ImportRowOf<T extends ImportType> = Static<(typeof importEntities)[T]['schema']>;

export interface PreparedImport<Row> {
  /** Data rows read from the file. */
  total: number;
  valid: ValidRow<Row>[];
  errors: ImportRowError[];
  warnings: string[];
}

/**
 * Parse → map headers → validate, with no side effects. Throws ImportFileError when the file as
 * a whole is unusable (empty, too large, too many rows, unreadable, required column missing).
 */
export async function prepareImport<T extends ImportType>(
  type: T,
  data: Buffer,
  format: UploadFormat,
  limits?: Partial<ParseLimits>,
): Promise<PreparedImport<ImportRowOf<T>>> {
  const entity = importEntities[type];
  const raw = await parseUpload(data, format, limits);
  const mapped = mapRows(raw, entity.columns);
  const outcome = validateRows(mapped.rows, entity.schema, {
    labels: mapped.labels,
    unique: entity.unique,
  });
  return {
    total: mapped.rows.length,
    valid: outcome.valid as ValidRow<ImportRowOf<T>>[],
    errors: outcome.errors,
    warnings: mapped.warnings,
  };
}

/**
 * The rows to write: none on a dry run; all valid rows with `validOnly`; otherwise all or
 * nothing (none as soon as one row is invalid).
 */
export function rowsToImport<Row>(
  prepared: PreparedImport<Row>,
  options: { validOnly: boolean; dryRun: boolean },
): ValidRow<Row>[] {
  if (options.dryRun) return [];
  if (!options.validOnly && prepared.errors.length > 0) return [];
  return prepared.valid;
}

/**
 * The report for a finished (or dry-run) import; `imported` is the number of rows written.
 * Explains in a warning when an all-or-nothing import wrote nothing because of invalid rows.
 */
export function reportFor<Row>(
  prepared: PreparedImport<Row>,
  outcome: { imported: number; validOnly: boolean; dryRun: boolean },
): ImportReport {
  const warnings = [...prepared.warnings];
  if (!outcome.dryRun && !outcome.validOnly && prepared.errors.length > 0 && outcome.imported === 0) {
    warnings.push(
      '有错误行，因此没有导入任何数据；请修正后重新导入，或选择“只导入有效行” / Nothing was imported because some rows are invalid; fix them and retry, or import the valid rows only',
    );
  }
  return buildReport({
    total: prepared.total,
    validCount: prepared.valid.length,
    errors: prepared.errors,
    warnings,
    imported: outcome.imported,
    dryRun: outcome.dryRun,
  });
}
