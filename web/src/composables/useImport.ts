import { computed, ref, shallowRef, watch } from 'vue';
import {
  importsApi,
  isAbort,
  type ImportColumn,
  type ImportReport,
  type ImportType,
  type UploadFormat,
  type UploadProgress,
} from '../api/index.ts';
import { useSession } from '../stores/session.ts';

/** What the signed-in user may import, and into which organisation (the services check again). */
export function importTargets(s: ReturnType<typeof useSession>): { type: ImportType; orgId: string }[] {
  const out: { type: ImportType; orgId: string }[] = [];
  if (s.enterpriseOrgId) out.push({ type: 'challenges', orgId: s.enterpriseOrgId });
  if (s.universityAdminOrgId) {
    out.push({ type: 'mentors', orgId: s.universityAdminOrgId });
    out.push({ type: 'students', orgId: s.universityAdminOrgId });
  }
  return out;
}

/** The upload format from the file name; 'xls' is refused with a hint to save as .xlsx. */
export function uploadFormatOf(name: string): UploadFormat | 'xls' | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'xls') return 'xls';
  return null;
}

export type ImportStep = 'choose' | 'checking' | 'checked' | 'importing' | 'done';

/**
 * Bulk import in two steps: a dry run shows every row's problems, then the user imports all rows
 * (only when none is wrong: the server writes all or nothing) or the valid rows only. Uploads go
 * through XMLHttpRequest so the page can show upload progress.
 */
export function useImport() {
  const session = useSession();
  const targets = computed(() => importTargets(session));
  const type = ref<ImportType>(targets.value[0]?.type ?? 'challenges');
  const orgId = computed(() => targets.value.find((x) => x.type === type.value)?.orgId);
  /** Mentors: the enterprise the file's industry mentors work for. */
  const homeOrgId = ref('');
  const file = shallowRef<File | null>(null);
  const format = computed(() => (file.value ? uploadFormatOf(file.value.name) : null));
  const step = ref<ImportStep>('choose');
  const progress = shallowRef<UploadProgress | null>(null);
  const check = shallowRef<ImportReport | null>(null);
  const result = shallowRef<ImportReport | null>(null);
  /** A request that failed as a whole (file unreadable, missing columns, no permission…). */
  const error = shallowRef<unknown>(null);
  const columns = shallowRef<ImportColumn[]>([]);
  let controller: AbortController | null = null;

  async function loadColumns(): Promise<void> {
    const wanted = type.value;
    try {
      const { items } = await importsApi.columns(wanted);
      if (type.value === wanted) columns.value = items;
    } catch {
      columns.value = [];
    }
  }

  function resetRun(): void {
    controller?.abort();
    controller = null;
    step.value = 'choose';
    progress.value = null;
    check.value = null;
    result.value = null;
    error.value = null;
  }

  watch(type, () => {
    resetRun();
    void loadColumns();
  });
  watch([file, homeOrgId], resetRun);

  const percent = computed(() => {
    const p = progress.value;
    if (!p) return 0;
    if (p.phase === 'processing') return 100;
    return p.total ? Math.min(100, Math.round((p.loaded / p.total) * 100)) : 0;
  });

  async function send(opts: { dryRun: boolean; validOnly: boolean }): Promise<ImportReport | null> {
    const f = file.value;
    const fmt = format.value;
    if (!f || !fmt || fmt === 'xls') return null;
    controller?.abort();
    const mine = (controller = new AbortController());
    error.value = null;
    progress.value = { loaded: 0, total: f.size, phase: 'sending' };
    try {
      return await importsApi.upload(
        type.value,
        f,
        {
          format: fmt,
          ...opts,
          ...(orgId.value ? { orgId: orgId.value } : {}),
          ...(type.value === 'mentors' && homeOrgId.value ? { homeOrgId: homeOrgId.value } : {}),
        },
        (p) => {
          if (controller === mine) progress.value = p;
        },
        mine.signal,
      );
    } catch (err) {
      if (!isAbort(err) && controller === mine) error.value = err;
      return null;
    } finally {
      if (controller === mine) {
        controller = null;
        progress.value = null;
      }
    }
  }

  /** Step 1: check the file (dry run), nothing is written. */
  async function runCheck(): Promise<void> {
    step.value = 'checking';
    check.value = null;
    result.value = null;
    const report = await send({ dryRun: true, validOnly: false });
    check.value = report;
    step.value = report ? 'checked' : 'choose';
  }

  /** Step 2: import every row (all or nothing) or only the rows the check found valid. */
  async function runImport(validOnly: boolean): Promise<void> {
    step.value = 'importing';
    const report = await send({ dryRun: false, validOnly });
    if (report) {
      result.value = report;
      step.value = 'done';
    } else step.value = 'checked';
  }

  function cancel(): void {
    resetRun();
  }

  function startOver(): void {
    file.value = null;
    resetRun();
  }

  void loadColumns();

  return {
    targets,
    type,
    orgId,
    homeOrgId,
    file,
    format,
    step,
    progress,
    percent,
    check,
    result,
    error,
    columns,
    runCheck,
    runImport,
    cancel,
    startOver,
    templateUrl: (f: UploadFormat) => importsApi.templateUrl(type.value, f),
  };
}
