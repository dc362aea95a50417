import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { i18n } from './i18n/index.ts';
import { allows, useSession, type Access } from './stores/session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    title?: string;
    /** Who may open the page; absent = everyone. */
    access?: Access;
  }
}

// Every page is its own chunk: the landing page downloads only what search needs.
const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'home',
    component: () => import('./pages/LandingPage.vue'),
    meta: { title: 'nav.home' },
  },
  {
    path: '/challenges/:id',
    name: 'challenge',
    component: () => import('./pages/ChallengeDetailPage.vue'),
    props: true,
    meta: { title: 'nav.home' },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('./pages/LoginPage.vue'),
    meta: { title: 'nav.login' },
  },
  {
    path: '/register',
    name: 'register',
    component: () => import('./pages/RegisterPage.vue'),
    meta: { title: 'nav.register' },
  },
  {
    path: '/enterprise/challenges',
    name: 'my-challenges',
    component: () => import('./pages/enterprise/MyChallengesPage.vue'),
    meta: { title: 'nav.myChallenges', access: 'enterprise' },
  },
  {
    path: '/enterprise/challenges/new',
    name: 'challenge-new',
    component: () => import('./pages/enterprise/ChallengeFormPage.vue'),
    meta: { title: 'nav.postChallenge', access: 'enterprise' },
  },
  {
    path: '/enterprise/challenges/:id/edit',
    name: 'challenge-edit',
    component: () => import('./pages/enterprise/ChallengeFormPage.vue'),
    props: true,
    meta: { title: 'enterprise.editTitle', access: 'enterprise' },
  },
  {
    path: '/enterprise/challenges/:id',
    name: 'challenge-manage',
    component: () => import('./pages/enterprise/ChallengeManagePage.vue'),
    props: true,
    meta: { title: 'nav.myChallenges', access: 'enterprise' },
  },
  {
    path: '/review',
    name: 'review',
    component: () => import('./pages/university/ReviewQueuePage.vue'),
    meta: { title: 'nav.reviewQueue', access: 'reviewer' },
  },
  {
    path: '/university/mentors',
    name: 'mentor-pool',
    component: () => import('./pages/university/MentorPoolPage.vue'),
    meta: { title: 'nav.mentorPool', access: 'universityAdmin' },
  },
  {
    path: '/university/capabilities',
    name: 'capabilities',
    component: () => import('./pages/university/CapabilitiesPage.vue'),
    meta: { title: 'nav.capabilities', access: 'universityAdmin' },
  },
  {
    path: '/university/topics',
    name: 'topics',
    component: () => import('./pages/university/TopicsPage.vue'),
    meta: { title: 'nav.topics', access: 'topicAuthor' },
  },
  {
    path: '/university/allocation',
    name: 'allocation',
    component: () => import('./pages/university/AllocationPage.vue'),
    meta: { title: 'nav.allocation', access: 'gradAdmin' },
  },
  {
    path: '/university/allocation/compare',
    name: 'allocation-compare',
    component: () => import('./pages/university/AllocationComparePage.vue'),
    meta: { title: 'allocation.compareView.title', access: 'gradAdmin' },
  },
  {
    path: '/university/allocation/runs/:id',
    name: 'allocation-run',
    component: () => import('./pages/university/AllocationRunPage.vue'),
    props: true,
    meta: { title: 'nav.allocation', access: 'gradAdmin' },
  },
  {
    path: '/mentor/profile',
    name: 'mentor-profile',
    component: () => import('./pages/mentor/MentorProfilePage.vue'),
    meta: { title: 'nav.mentorProfile', access: 'mentor' },
  },
  {
    path: '/mentor/students',
    name: 'my-students',
    component: () => import('./pages/mentor/MyStudentsPage.vue'),
    meta: { title: 'nav.myStudents', access: 'mentor' },
  },
  {
    path: '/import',
    name: 'import',
    component: () => import('./pages/ImportPage.vue'),
    meta: { title: 'nav.imports', access: 'importer' },
  },
  {
    path: '/alerts',
    name: 'alerts',
    component: () => import('./pages/mentor/SavedSearchesPage.vue'),
    meta: { title: 'nav.alerts', access: 'signedIn' },
  },
  {
    path: '/student/preferences',
    name: 'preferences',
    component: () => import('./pages/student/PreferencesPage.vue'),
    meta: { title: 'nav.preferences', access: 'student' },
  },
  {
    path: '/notifications',
    name: 'notifications',
    component: () => import('./pages/NotificationsPage.vue'),
    meta: { title: 'nav.notifications', access: 'signedIn' },
  },
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./pages/DashboardPage.vue'),
    meta: { title: 'nav.dashboard' },
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('./pages/StatusPage.vue'),
    props: { kind: 'forbidden' },
    meta: { title: 'common.forbidden' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/StatusPage.vue'),
    props: { kind: 'notFound' },
    meta: { title: 'common.notFound' },
  },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach(async (to) => {
  const access = to.meta.access;
  if (!access) return true;
  const session = useSession();
  await session.ensureLoaded().catch(() => null);
  if (!session.signedIn) return { name: 'login', query: { redirect: to.fullPath } };
  if (!allows(session, access)) return { name: 'forbidden', query: { from: to.fullPath } };
  return true;
});

router.afterEach((to) => {
  const app = i18n.global.t('app.name');
  document.title = to.meta.title ? `${i18n.global.t(to.meta.title)} · ${app}` : app;
});
