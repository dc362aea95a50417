import { computed } from 'vue';
import type { RouteLocationRaw } from 'vue-router';
import { allows, useSession, type Access } from '../stores/session.ts';

export interface NavItem {
  key: string;
  to: RouteLocationRaw;
  /** i18n key */
  label: string;
}

const ITEMS: (NavItem & { access?: Access })[] = [
  { key: 'home', to: { name: 'home' }, label: 'nav.home' },
  { key: 'my-challenges', to: { name: 'my-challenges' }, label: 'nav.myChallenges', access: 'enterprise' },
  { key: 'challenge-new', to: { name: 'challenge-new' }, label: 'nav.postChallenge', access: 'enterprise' },
  { key: 'review', to: { name: 'review' }, label: 'nav.reviewQueue', access: 'reviewer' },
  { key: 'mentor-pool', to: { name: 'mentor-pool' }, label: 'nav.mentorPool', access: 'universityAdmin' },
  { key: 'capabilities', to: { name: 'capabilities' }, label: 'nav.capabilities', access: 'universityAdmin' },
  { key: 'topics', to: { name: 'topics' }, label: 'nav.topics', access: 'topicAuthor' },
  { key: 'allocation', to: { name: 'allocation' }, label: 'nav.allocation', access: 'gradAdmin' },
  { key: 'mentor-profile', to: { name: 'mentor-profile' }, label: 'nav.mentorProfile', access: 'mentor' },
  { key: 'my-students', to: { name: 'my-students' }, label: 'nav.myStudents', access: 'mentor' },
  { key: 'preferences', to: { name: 'preferences' }, label: 'nav.preferences', access: 'student' },
  { key: 'alerts', to: { name: 'alerts' }, label: 'nav.alerts', access: 'mentor' },
  { key: 'import', to: { name: 'import' }, label: 'nav.imports', access: 'importer' },
  { key: 'dashboard', to: { name: 'dashboard' }, label: 'nav.dashboard' },
];

/** Role-aware navigation from the memberships in GET /auth/me. */
export function useNavigation() {
  const session = useSession();
  const items = computed(() => ITEMS.filter((i) => !i.access || allows(session, i.access)));
  return { items };
}
