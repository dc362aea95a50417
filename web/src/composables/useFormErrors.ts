import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ref } from 'vue';
import { ApiError } from '../api/index.ts';
import { i18n } from '../i18n/index.ts';
import { errorText, fieldMessage } from '../utils/messages.ts';

/**
 * Server-side field errors for one form. `apply(err)` maps `error.fields` (dotted paths such as
 * `organisation.name` or `topicIds.2`) to messages the form items show under their inputs, and
 * toasts whatever cannot be placed on a field.
 */
export function useFormErrors(opts: { prefix?: string } = {}) {
  const fields = ref<Record<string, string>>({});

  function clear(key?: string): void {
    if (key === undefined) fields.value = {};
    else if (key in fields.value) {
      const rest = { ...fields.value };
      delete rest[key];
      fields.value = rest;
    }
  }

  /** Returns true when at least one message landed on a field. */
  function apply(err: unknown, known?: readonly string[]): boolean {
    const next: Record<string, string> = {};
    if (err instanceof ApiError) {
      for (const [rawKey, msg] of Object.entries(err.fields)) {
        const key = opts.prefix && rawKey.startsWith(opts.prefix) ? rawKey.slice(opts.prefix.length) : rawKey;
        next[key] = fieldMessage(msg);
      }
    }
    fields.value = next;
    const placed = Object.keys(next).filter((k) => !known || known.includes(k));
    if (placed.length === 0 || (known && placed.length < Object.keys(next).length)) {
      ElMessage.error(errorText(err));
    } else {
      ElMessage.error(i18n.global.t('fieldErrors.formInvalid'));
    }
    return placed.length > 0;
  }

  const errorOf = (key: string): string => fields.value[key] ?? '';

  return { fields, apply, clear, errorOf };
}
