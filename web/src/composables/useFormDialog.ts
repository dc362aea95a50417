import { reactive, ref } from 'vue';
import { useFormErrors } from './useFormErrors.ts';

/**
 * State of a create/edit dialog (see FormDialog.vue): `start()` resets the draft from `blank()`
 * (plus any values to edit) and opens; `save(write)` closes once `write` succeeds, or puts the
 * server's field errors on the draft's fields.
 */
export function useFormDialog<T extends object>(blank: () => T) {
  const open = ref(false);
  const saving = ref(false);
  const errors = useFormErrors();
  const draft = reactive(blank()) as T;
  const fields = Object.keys(draft);

  function start(values: Partial<T> = {}): void {
    Object.assign(draft, blank(), values);
    errors.clear();
    open.value = true;
  }

  async function save(write: () => Promise<void>): Promise<void> {
    saving.value = true;
    try {
      await write();
      open.value = false;
    } catch (err) {
      errors.apply(err, fields);
    } finally {
      saving.value = false;
    }
  }

  return { open, saving, errors, draft, start, save };
}
