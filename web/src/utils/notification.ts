import type { RouteLocationRaw } from 'vue-router';
import type { Notification } from '../api/index.ts';
import { i18n } from '../i18n/index.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** One readable line per notification type; unknown types still say something useful. */
export function notificationText(n: Notification): string {
  const { t, te } = i18n.global;
  const p = n.payload;
  const key = `notifications.types.${n.type}`;
  if (!te(key)) return t('notifications.types.other', { type: n.type });
  const to = str(p.to);
  return t(key, {
    title: str(p.title),
    challengeTitle: str(p.challengeTitle),
    reason: str(p.reason) || '—',
    to: n.type === 'pool.changed' && te(`enums.poolState.${to}`) ? t(`enums.poolState.${to}`) : to,
    score: typeof p.score === 'number' ? `${Math.round(p.score * 100)}%` : '',
    assigned: str(p.assigned),
    unmatched: str(p.unmatched),
    topicTitle: str(p.topicTitle) || str(p.students),
  });
}

export function notificationLink(n: Notification, opts: { student?: boolean } = {}): RouteLocationRaw | null {
  const p = n.payload;
  if (n.type === 'allocation.finished' && typeof p.runId === 'string')
    return { name: 'allocation-run', params: { id: p.runId } };
  if (typeof p.challengeId === 'string') return { name: 'challenge', params: { id: p.challengeId } };
  if (typeof p.topicId === 'string') return { name: opts.student ? 'preferences' : 'topics' };
  if (typeof p.mentorId === 'string') return { name: 'mentor-profile' };
  return null;
}
