/** Typed endpoints, one object per resource. Components reach the server only through here. */
import { apiUrl, http, type Query } from './http.ts';
import type {
  AuditEntry,
  Capability,
  CapabilityFields,
  Challenge,
  ChallengeAction,
  ChallengeCreate,
  ChallengeListQuery,
  ChallengeTransition,
  ChallengeUpdate,
  ExportFormat,
  Inbox,
  KpiReport,
  MatchPreview,
  MatchPreviewInput,
  Me,
  Mentor,
  MentorApply,
  MentorCreate,
  MentorListQuery,
  MentorSummary,
  MentorUpdate,
  MyStudent,
  Organisation,
  OrgKind,
  Page,
  PoolAction,
  Preferences,
  Proposal,
  ProposalAction,
  ProposalInput,
  PublicationInput,
  RegisterInput,
  Role,
  SavedSearch,
  SavedSearchFields,
  SearchQuery,
  SearchResponse,
  Student,
  Topic,
  TopicAction,
  TopicFields,
  TopicListQuery,
} from './types.ts';

export { ApiError, apiUrl, isAbort, setCsrfToken, onCsrfRefresh } from './http.ts';
export type * from './types.ts';
export * from './imports.ts';
export * from './allocation.ts';

const id = (v: string) => encodeURIComponent(v);

export const authApi = {
  me: () => http.get<Me>('/auth/me'),
  login: (email: string, password: string) =>
    http.post<{ csrfToken: string; expiresAt: string }>('/auth/login', { email, password }),
  logout: () => http.post<{ ok: true }>('/auth/logout'),
  register: (input: RegisterInput) =>
    http.post<{ organisationId: string; userId: string; csrfToken: string }>('/auth/register', input),
  acceptInvitation: (token: string, password: string, displayName?: string) =>
    http.post<{ csrfToken: string }>('/auth/invitations/accept', { token, password, displayName }),
};

export const organisationsApi = {
  list: (q: { kind?: OrgKind; q?: string; cursor?: string; limit?: number } = {}) =>
    http.get<Page<Organisation>>('/organisations', q),
  get: (orgId: string) => http.get<Organisation>(`/organisations/${id(orgId)}`),
  invite: (orgId: string, email: string, role: Role) =>
    http.post<{ id: string; token: string; email: string; role: string; expiresAt: string }>(
      `/organisations/${id(orgId)}/invitations`,
      { email, role },
    ),
};

export const challengesApi = {
  list: (q: ChallengeListQuery = {}, signal?: AbortSignal) =>
    http.get<Page<Challenge>>('/challenges', q as Query, signal),
  get: (cid: string) => http.get<Challenge>(`/challenges/${id(cid)}`),
  create: (input: ChallengeCreate) => http.post<Challenge>('/challenges', input),
  update: (cid: string, input: ChallengeUpdate) => http.patch<Challenge>(`/challenges/${id(cid)}`, input),
  transition: (cid: string, action: ChallengeAction, extra: Omit<ChallengeTransition, 'action'> = {}) =>
    http.post<Challenge>(`/challenges/${id(cid)}/transitions`, { action, ...extra }),
  acceptNda: (cid: string) => http.post<Challenge>(`/challenges/${id(cid)}/nda`),
  proposals: (cid: string) => http.get<{ items: Proposal[] }>(`/challenges/${id(cid)}/proposals`),
  propose: (cid: string, input: ProposalInput) =>
    http.post<Proposal>(`/challenges/${id(cid)}/proposals`, input),
  exportUrl: (format: ExportFormat, q: Query = {}) => apiUrl('/challenges/export', { ...q, format }),
};

export const proposalsApi = {
  mine: () => http.get<{ items: Proposal[] }>('/proposals'),
  transition: (pid: string, action: ProposalAction, reason?: string) =>
    http.post<Proposal>(`/proposals/${id(pid)}/transitions`, { action, reason }),
};

export const mentorsApi = {
  list: (q: MentorListQuery = {}, signal?: AbortSignal) =>
    http.get<Page<MentorSummary>>('/mentors', q as Query, signal),
  /** My own pool records (one per university pool I belong to). */
  me: () => http.get<{ items: Mentor[] }>('/mentors/me'),
  /** Students allocated to me in published allocation runs. */
  myStudents: (q: { cursor?: string; limit?: number } = {}) =>
    http.get<Page<MyStudent>>('/mentors/me/students', q),
  get: (mid: string) => http.get<Mentor>(`/mentors/${id(mid)}`),
  create: (input: MentorCreate) => http.post<Mentor>('/mentors', input),
  apply: (input: MentorApply) => http.post<Mentor>('/mentors/apply', input),
  update: (mid: string, input: MentorUpdate) => http.patch<Mentor>(`/mentors/${id(mid)}`, input),
  transition: (mid: string, action: PoolAction, reason?: string) =>
    http.post<Mentor>(`/mentors/${id(mid)}/transitions`, { action, reason }),
  addPublications: (mid: string, publications: PublicationInput[]) =>
    http.post<Mentor>(`/mentors/${id(mid)}/publications`, { publications }),
  deletePublication: (mid: string, pubId: string) =>
    http.delete(`/mentors/${id(mid)}/publications/${id(pubId)}`),
  exportUrl: (format: ExportFormat, q: Query = {}) => apiUrl('/mentors/export', { ...q, format }),
};

export const capabilitiesApi = {
  list: (q: { orgId?: string; q?: string; discipline?: string[]; cursor?: string; limit?: number } = {}) =>
    http.get<Page<Capability>>('/capabilities', q),
  create: (orgId: string, input: CapabilityFields) =>
    http.post<Capability>('/capabilities', { ...input, orgId }),
  update: (cid: string, input: Partial<CapabilityFields>) =>
    http.patch<Capability>(`/capabilities/${id(cid)}`, input),
  remove: (cid: string) => http.delete(`/capabilities/${id(cid)}`),
};

export const topicsApi = {
  list: (q: TopicListQuery = {}, signal?: AbortSignal) =>
    http.get<Page<Topic>>('/topics', q as Query, signal),
  get: (tid: string) => http.get<Topic>(`/topics/${id(tid)}`),
  create: (orgId: string, input: TopicFields) => http.post<Topic>('/topics', { ...input, orgId }),
  update: (tid: string, input: Partial<TopicFields>) => http.patch<Topic>(`/topics/${id(tid)}`, input),
  transition: (tid: string, action: TopicAction, reason?: string) =>
    http.post<Topic>(`/topics/${id(tid)}/transitions`, { action, reason }),
  exportUrl: (format: ExportFormat, q: Query = {}) => apiUrl('/topics/export', { ...q, format }),
};

export const studentsApi = {
  me: () => http.get<Student>('/students/me'),
  list: (orgId: string, q: { cursor?: string; limit?: number; q?: string; cohort?: number } = {}) =>
    http.get<Page<Student>>('/students', { ...q, orgId }),
  preferences: () => http.get<Preferences>('/students/me/preferences'),
  setPreferences: (topicIds: string[]) => http.put<Preferences>('/students/me/preferences', { topicIds }),
};

export const notificationsApi = {
  inbox: (q: { before?: number; limit?: number; unreadOnly?: boolean } = {}) =>
    http.get<Inbox>('/notifications', q),
  markRead: (ids: number[] | 'all') =>
    http.post<{ marked: number; unread: number }>('/notifications/read', { ids }),
};

export const savedSearchesApi = {
  list: () => http.get<{ items: SavedSearch[] }>('/saved-searches'),
  create: (input: SavedSearchFields) => http.post<SavedSearch>('/saved-searches', input),
  update: (sid: string, input: Partial<SavedSearchFields>) =>
    http.patch<SavedSearch>(`/saved-searches/${id(sid)}`, input),
  remove: (sid: string) => http.delete(`/saved-searches/${id(sid)}`),
};

export const auditApi = {
  forEntity: (entityType: 'challenge' | 'mentor' | 'proposal' | 'topic', entityId: string) =>
    http.get<{ items: AuditEntry[] }>('/audit', { entityType, entityId }),
};

export const searchApi = {
  search: (q: SearchQuery, signal?: AbortSignal) => http.get<SearchResponse>('/search', q as Query, signal),
};

export const kpisApi = {
  get: (orgId?: string) => http.get<KpiReport>('/kpis', { orgId }),
  exportUrl: (format: ExportFormat, orgId?: string) => apiUrl('/kpis/export', { orgId, format }),
};

export const matchApi = {
  preview: (input: MatchPreviewInput, signal?: AbortSignal) =>
    http.post<MatchPreview>('/match/preview', input, signal),
  /** Public challenges that fit a mentor's profile, with evidence. */
  forMentor: (mid: string, limit = 10, signal?: AbortSignal) =>
    http.get<MatchPreview>(`/mentors/${id(mid)}/matches`, { limit }, signal),
};
