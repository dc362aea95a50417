import { AppError } from '../../errors.ts';

/** Stable codes for problems with an uploaded file as a whole (row problems go in the report). */
export type ImportFileErrorCode =
  | 'import_file_empty'
  | 'import_file_too_large'
  | 'import_too_many_rows'
  | 'import_unreadable'
  | 'import_duplicate_header'
  | 'import_missing_columns';

/**
 * The file cannot be imported at all: nothing was read into rows, so there is no per-row report.
 * 413 for the byte limit, 400 for everything else; `fields` names the missing columns.
 */
export class ImportFileError extends AppError {
  constructor(
    override readonly code: ImportFileErrorCode,
    message: string,
    fields?: Record<string, string>,
  ) {
    super(code === 'import_file_too_large' ? 413 : 400, code, message, fields);
  }
}
