import { ApiError } from '../api/index.ts';
import { i18n } from '../i18n/index.ts';

const t = (key: string, values?: Record<string, unknown>) =>
  values ? i18n.global.t(key, values) : i18n.global.t(key);

/** Server messages are often bilingual, "中文 / English": keep the half that fits the locale. */
export function pickLanguage(message: string): string {
  const parts = message.split(' / ');
  if (parts.length !== 2) return message;
  const [zh, en] = parts as [string, string];
  return i18n.global.locale.value === 'en' ? en : zh;
}

const SERVICE_MESSAGES: Record<string, string> = {
  required: 'fieldErrors.required',
  'required when returning': 'common.reasonRequired',
  'must be on or after applyBy': 'enterprise.validation.dates',
  'unknown field': 'fieldErrors.unknown',
};

/** Turns one field message (AJV's English or a service's) into words for the current locale. */
export function fieldMessage(raw: string): string {
  const known = SERVICE_MESSAGES[raw];
  if (known) return t(known);
  let m: RegExpMatchArray | null;
  if (raw.startsWith('must have required property')) return t('fieldErrors.required');
  if ((m = raw.match(/^must NOT have fewer than (\d+) characters$/)))
    return m[1] === '1' ? t('fieldErrors.required') : t('fieldErrors.minLength', { n: m[1] });
  if ((m = raw.match(/^must NOT have more than (\d+) characters$/)))
    return t('fieldErrors.maxLength', { n: m[1] });
  if ((m = raw.match(/^must NOT have fewer than (\d+) items$/)))
    return t('fieldErrors.minItems', { n: m[1] });
  if ((m = raw.match(/^must NOT have more than (\d+) items$/))) return t('fieldErrors.maxItems', { n: m[1] });
  if ((m = raw.match(/^must be >= (-?[\d.]+)$/))) return t('fieldErrors.min', { n: m[1] });
  if ((m = raw.match(/^must be <= (-?[\d.]+)$/))) return t('fieldErrors.max', { n: m[1] });
  if ((m = raw.match(/^must match format "(\w+)"$/))) {
    if (m[1] === 'email') return t('fieldErrors.email');
    if (m[1] === 'date') return t('fieldErrors.date');
    return t('fieldErrors.uuid');
  }
  if (raw === 'must be equal to one of the allowed values') return t('fieldErrors.enum');
  if (raw === 'must be integer') return t('fieldErrors.integer');
  return pickLanguage(raw);
}

/** A sentence for a toast or an error panel. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.isNetwork) return t('common.networkError');
    return pickLanguage(err.message);
  }
  return err instanceof Error ? err.message : String(err);
}
