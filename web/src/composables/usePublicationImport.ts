import { computed, ref, shallowRef } from 'vue';
import { ApiError, type PublicationInput } from '../api/index.ts';
import {
  decodeText,
  formatOf,
  parsePublications,
  rowOfApiField,
  type ParsedPublications,
  type PublicationRow,
} from '../utils/publicationFile.ts';

/**
 * A mentor's publication file, read and checked in the browser, then sent in one request (the
 * server writes all of it or nothing). Rows with errors block the import unless the user chooses
 * to import the valid rows only.
 */
export function usePublicationImport(send: (list: PublicationInput[]) => Promise<unknown>) {
  const fileName = ref('');
  const parsed = shallowRef<ParsedPublications | null>(null);
  /** The file is not CSV or JSON Lines. */
  const unsupported = ref(false);
  const validOnly = ref(false);
  const sending = ref(false);
  const serverError = shallowRef<unknown>(null);
  /** Per-row messages from the server when it refused the batch (by row line). */
  const serverRowErrors = shallowRef<Map<number, string[]>>(new Map());
  const imported = ref<number | null>(null);

  const rows = computed<PublicationRow[]>(() => parsed.value?.rows ?? []);
  const validRows = computed(() => rows.value.filter((r) => r.value));
  const invalidCount = computed(() => rows.value.length - validRows.value.length);
  const fileError = computed(() => parsed.value?.fileError ?? null);
  const canImport = computed(
    () =>
      !!parsed.value &&
      !fileError.value &&
      validRows.value.length > 0 &&
      (invalidCount.value === 0 || validOnly.value) &&
      !sending.value,
  );

  function reset(): void {
    fileName.value = '';
    parsed.value = null;
    unsupported.value = false;
    validOnly.value = false;
    serverError.value = null;
    serverRowErrors.value = new Map();
  }

  async function read(file: File): Promise<void> {
    reset();
    imported.value = null;
    fileName.value = file.name;
    const format = formatOf(file.name);
    if (!format) {
      unsupported.value = true;
      return;
    }
    parsed.value = parsePublications(decodeText(new Uint8Array(await file.arrayBuffer())), format);
  }

  async function submit(): Promise<void> {
    if (!canImport.value) return;
    const batch = validRows.value;
    sending.value = true;
    serverError.value = null;
    serverRowErrors.value = new Map();
    try {
      await send(batch.map((r) => r.value!));
      imported.value = batch.length;
      reset();
    } catch (err) {
      serverError.value = err;
      if (err instanceof ApiError) {
        const byLine = new Map<number, string[]>();
        for (const [field, message] of Object.entries(err.fields)) {
          const row = rowOfApiField(field, batch);
          if (row) byLine.set(row.line, [...(byLine.get(row.line) ?? []), message]);
        }
        serverRowErrors.value = byLine;
      }
    } finally {
      sending.value = false;
    }
  }

  return {
    fileName,
    parsed,
    unsupported,
    rows,
    validRows,
    invalidCount,
    fileError,
    validOnly,
    canImport,
    sending,
    serverError,
    serverRowErrors,
    imported,
    read,
    submit,
    reset,
  };
}
