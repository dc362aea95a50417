import { ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message-box/style/css';
import { i18n } from '../i18n/index.ts';

/**
 * Asks for a reason before a state change. Resolves to the text (possibly empty when optional),
 * or null when the user cancels.
 */
export async function askReason(
  title: string,
  opts: { required?: boolean; message?: string } = {},
): Promise<string | null> {
  const { t } = i18n.global;
  try {
    const r = await ElMessageBox.prompt(
      opts.message ?? (opts.required ? t('common.reasonRequired') : t('common.reasonOptional')),
      title,
      {
        inputType: 'textarea',
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
        inputValidator: (v: string) => !opts.required || !!v?.trim() || t('common.reasonRequired'),
      },
    );
    return r.value?.trim() ?? '';
  } catch {
    return null;
  }
}
