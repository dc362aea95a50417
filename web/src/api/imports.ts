/**
 * Bulk import (POST /api/v1/imports/:type) with upload progress, its column list and templates.
 * Wire types mirror server/services/import/{schemas,templates}.ts field for field (those modules
 * read files with Node libraries, so the web build does not import them, not even for types).
 */
import { apiUrl, http, upload, type UploadProgress } from './http.ts';

export type { UploadProgress };
export type ImportType = 'challenges' | 'mentors' | 'students';
export type UploadFormat = 'csv' | 'xlsx' | 'jsonl';

export interface ImportRowError {
  /** Row number as shown in the spreadsheet (header = 1), or the JSONL line. */
  line: number;
  /** Field path, e.g. seats, skills.2; "(row)" for the whole row. */
  field: string;
  message: string;
}
export interface ImportReport {
  total: number;
  valid: number;
  invalid: number;
  imported: number;
  errors: ImportRowError[];
  warnings: string[];
  dryRun: boolean;
}
export interface ImportColumn {
  field: string;
  header: string;
  headers: string[];
  required: boolean;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'list';
  values?: string[];
}

export interface ImportOptions {
  format: UploadFormat;
  dryRun?: boolean;
  validOnly?: boolean;
  /** The organisation to import into (the caller's only one of the right kind when absent). */
  orgId?: string;
  /** Mentors: the enterprise industry mentors of the file work for. */
  homeOrgId?: string;
}

export const importsApi = {
  upload: (
    type: ImportType,
    file: Blob,
    opts: ImportOptions,
    onProgress?: (p: UploadProgress) => void,
    signal?: AbortSignal,
  ) =>
    upload<ImportReport>(`/imports/${type}`, file, {
      query: {
        format: opts.format,
        dryRun: opts.dryRun ?? false,
        validOnly: opts.validOnly ?? false,
        orgId: opts.orgId,
        homeOrgId: opts.homeOrgId,
      },
      ...(onProgress ? { onProgress } : {}),
      ...(signal ? { signal } : {}),
    }),
  columns: (type: ImportType) => http.get<{ items: ImportColumn[] }>(`/imports/${type}/columns`),
  templateUrl: (type: ImportType, format: UploadFormat) => apiUrl(`/imports/${type}/template`, { format }),
};
