import type { RouteLocationRaw } from 'vue-router';
import type { Session } from '../stores/session.ts';

/** Where each kind of account lands after signing in. */
export function homeFor(s: Session): RouteLocationRaw {
  if (s.enterpriseOrgId) return { name: 'my-challenges' };
  if (s.isReviewer) return { name: 'review' };
  if (s.universityAdminOrgId) return { name: 'mentor-pool' };
  if (s.studentOrgId) return { name: 'preferences' };
  if (s.isMentor) return { name: 'mentor-profile' };
  return { name: 'home' };
}
