import { onMounted } from 'vue';
import { allocationApi } from '../api/index.ts';
import { useAsync } from './useAsync.ts';
import { useNotificationSignal } from './useNotificationSignal.ts';

/**
 * The signed-in student's published allocation (GET /allocation/me), reloaded the moment an
 * `allocation.published` notification arrives over the live inbox.
 */
export function useMyAllocation() {
  const result = useAsync(() => allocationApi.me(), { immediate: false });
  onMounted(() => void result.run());
  const live = useNotificationSignal(['allocation.published'], () => void result.run());
  return { ...result, connected: live.connected };
}
