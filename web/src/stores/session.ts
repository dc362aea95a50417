import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  ApiError,
  authApi,
  onCsrfRefresh,
  setCsrfToken,
  type Me,
  type OrgKind,
  type Role,
} from '../api/index.ts';

/**
 * Who is signed in, from GET /auth/me. Navigation and route guards read the role helpers; the CSRF
 * token is handed to the HTTP client so every write carries it.
 */
export const useSession = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const loaded = ref(false);
  let pending: Promise<Me | null> | null = null;

  async function fetchMe(): Promise<Me | null> {
    try {
      const m = await authApi.me();
      me.value = m;
      setCsrfToken(m.csrfToken);
    } catch (err) {
      if (!(err instanceof ApiError && err.isUnauthenticated)) throw err;
      me.value = null;
      setCsrfToken(null);
    } finally {
      loaded.value = true;
    }
    return me.value;
  }

  /** Loads the session once; later callers share the same request. */
  function ensureLoaded(): Promise<Me | null> {
    if (loaded.value) return Promise.resolve(me.value);
    pending ??= fetchMe().finally(() => {
      pending = null;
    });
    return pending;
  }

  onCsrfRefresh(async () => (await fetchMe().catch(() => null))?.csrfToken ?? null);

  async function login(email: string, password: string): Promise<Me | null> {
    const r = await authApi.login(email, password);
    setCsrfToken(r.csrfToken);
    return fetchMe();
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      me.value = null;
      setCsrfToken(null);
    }
  }

  const memberships = computed(() => me.value?.memberships ?? []);
  const hasRole = (...roles: Role[]) => memberships.value.some((m) => roles.includes(m.role));
  const orgOf = (kinds: OrgKind[], roles: Role[]) =>
    memberships.value.find((m) => kinds.includes(m.orgKind) && roles.includes(m.role))?.orgId ?? null;

  const signedIn = computed(() => me.value !== null);
  const platformAdmin = computed(() => me.value?.platformAdmin ?? false);
  /** The enterprise this user posts challenges for. */
  const enterpriseOrgId = computed(() => orgOf(['enterprise'], ['org_admin', 'enterprise_member']));
  /** The university / institute whose pool, capabilities and topics this user manages. */
  const universityAdminOrgId = computed(() =>
    orgOf(['university', 'institute'], ['org_admin', 'grad_admin']),
  );
  const gradAdminOrgId = computed(() => orgOf(['university', 'institute'], ['grad_admin']));
  const supervisorOrgId = computed(() => orgOf(['university', 'institute'], ['supervisor']));
  /** Any university role that may answer challenges with a proposal. */
  const proposingOrgId = computed(() =>
    orgOf(['university', 'institute'], ['org_admin', 'grad_admin', 'supervisor']),
  );
  const studentOrgId = computed(() => orgOf(['university'], ['student']));
  const isReviewer = computed(() => platformAdmin.value || hasRole('grad_admin'));
  const isMentor = computed(() => hasRole('industry_mentor', 'supervisor'));

  return {
    me,
    loaded,
    signedIn,
    platformAdmin,
    memberships,
    enterpriseOrgId,
    universityAdminOrgId,
    gradAdminOrgId,
    supervisorOrgId,
    proposingOrgId,
    studentOrgId,
    isReviewer,
    isMentor,
    hasRole,
    ensureLoaded,
    fetchMe,
    login,
    logout,
  };
});

export type Session = ReturnType<typeof useSession>;

/** Route access rules, named so the router and the navigation agree. */
export type Access =
  | 'signedIn'
  | 'enterprise'
  | 'reviewer'
  | 'universityAdmin'
  | 'gradAdmin'
  | 'topicAuthor'
  | 'mentor'
  | 'student'
  | 'importer';

export function allows(s: Session, access: Access): boolean {
  switch (access) {
    case 'signedIn':
      return s.signedIn;
    case 'enterprise':
      return s.enterpriseOrgId !== null;
    case 'reviewer':
      return s.isReviewer;
    case 'universityAdmin':
      return s.universityAdminOrgId !== null;
    case 'gradAdmin':
      return s.gradAdminOrgId !== null;
    case 'topicAuthor':
      return s.universityAdminOrgId !== null || s.supervisorOrgId !== null;
    case 'mentor':
      return s.isMentor;
    case 'student':
      return s.studentOrgId !== null;
    case 'importer':
      // Enterprises import challenges; university admins import mentors and students.
      return s.enterpriseOrgId !== null || s.universityAdminOrgId !== null;
  }
}
