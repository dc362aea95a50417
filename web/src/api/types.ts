/**
 * Wire types of the REST API. Schemas the server exports from schema-only modules are imported as
 * types (erased at build time, so no server code reaches the bundle). Schemas the server keeps
 * private inside its route plugins are mirrored by hand below, field for field, from
 * server/routes/<resource>/index.ts — importing those files would drag Fastify into the web build.
 */
import type { Static } from 'typebox';
import type {
  challengeKinds,
  challengeStates,
  confidentialityTiers,
  degreeLevels,
  degreeTypes,
  mentorKinds,
  orgKinds,
  poolStates,
  proposalStates,
  roles,
  topicStates,
  verificationStates,
} from '../../../db/schema/enums.ts';
import type {
  Challenge as ChallengeSchema,
  ChallengeCreate as ChallengeCreateSchema,
  ChallengeUpdate as ChallengeUpdateSchema,
  ChallengeListQuery as ChallengeListQuerySchema,
  TransitionBody as ChallengeTransitionSchema,
} from '../../../server/routes/challenges/schemas.ts';
import type {
  Mentor as MentorSchema,
  MentorApply as MentorApplySchema,
  MentorCreate as MentorCreateSchema,
  MentorListQuery as MentorListQuerySchema,
  MentorSummary as MentorSummarySchema,
  MentorUpdate as MentorUpdateSchema,
  MyStudent as MyStudentSchema,
  PoolTransition as PoolTransitionSchema,
  PublicationInput as PublicationInputSchema,
} from '../../../server/routes/mentors/schemas.ts';

/** JSON turns the server's Date objects into ISO strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export type ChallengeKind = (typeof challengeKinds)[number];
export type ChallengeState = (typeof challengeStates)[number];
export type Confidentiality = (typeof confidentialityTiers)[number];
export type DegreeLevel = (typeof degreeLevels)[number];
export type DegreeType = (typeof degreeTypes)[number];
export type MentorKind = (typeof mentorKinds)[number];
export type OrgKind = (typeof orgKinds)[number];
export type PoolState = (typeof poolStates)[number];
export type ProposalState = (typeof proposalStates)[number];
export type Role = (typeof roles)[number];
export type TopicState = (typeof topicStates)[number];
export type VerificationState = (typeof verificationStates)[number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

// ---- challenges (exported schemas) ----
export type Challenge = Wire<Static<typeof ChallengeSchema>>;
export type ChallengeCreate = Static<typeof ChallengeCreateSchema>;
export type ChallengeUpdate = Static<typeof ChallengeUpdateSchema>;
export type ChallengeListQuery = Static<typeof ChallengeListQuerySchema>;
export type ChallengeTransition = Static<typeof ChallengeTransitionSchema>;
export type ChallengeAction = ChallengeTransition['action'];

// ---- mentors (exported schemas) ----
export type Mentor = Wire<Static<typeof MentorSchema>>;
export type MentorSummary = Wire<Static<typeof MentorSummarySchema>>;
export type MentorCreate = Static<typeof MentorCreateSchema>;
export type MentorApply = Static<typeof MentorApplySchema>;
export type MentorUpdate = Static<typeof MentorUpdateSchema>;
export type MentorListQuery = Static<typeof MentorListQuerySchema>;
export type PoolAction = Static<typeof PoolTransitionSchema>['action'];
export type PublicationInput = Static<typeof PublicationInputSchema>;
export type Publication = Mentor['publications'][number];
export type MyStudent = Wire<Static<typeof MyStudentSchema>>;

// ---- auth (server/routes/auth/index.ts) ----
export interface Membership {
  orgId: string;
  orgKind: OrgKind;
  role: Role;
}
export interface Me {
  id: string;
  email: string;
  displayName: string;
  platformAdmin: boolean;
  csrfToken: string;
  memberships: Membership[];
}
export interface RegisterInput {
  organisation: {
    kind: OrgKind;
    name: string;
    nameEn?: string;
    region: string;
    industries?: string[];
    disciplines?: string[];
  };
  admin: { email: string; password: string; displayName: string };
}

// ---- organisations (server/routes/organisations/index.ts) ----
export interface Organisation {
  id: string;
  kind: OrgKind;
  name: string;
  nameEn: string | null;
  region: string;
  industries: string[];
  disciplines: string[];
  verification: VerificationState;
  createdAt: string;
}

// ---- capabilities (server/routes/capabilities/index.ts) ----
export type CapabilityKind = 'lab' | 'team' | 'platform' | 'center';
export interface CapabilityFields {
  name: string;
  kind?: CapabilityKind;
  directions?: string[];
  achievements?: string;
  equipment?: string;
  disciplines?: string[];
}
export interface Capability {
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  kind: string;
  directions: string[];
  achievements: string;
  equipment: string;
  disciplines: string[];
  createdAt: string;
  updatedAt: string;
}

// ---- proposals (server/routes/proposals/index.ts) ----
export type ProposalAction = 'submit' | 'shortlist' | 'accept' | 'reject' | 'withdraw';
export interface Proposal {
  id: string;
  challengeId: string;
  challengeTitle: string;
  challengeOrgId: string;
  orgId: string;
  orgName: string;
  title: string;
  approach: string;
  mentorIds: string[];
  state: ProposalState;
  createdAt: string;
  updatedAt: string;
}
export interface ProposalInput {
  title: string;
  approach: string;
  mentorIds?: string[];
  orgId?: string;
}

// ---- thesis topics (server/routes/topics/index.ts) ----
export type TopicAction = 'propose' | 'approve' | 'return' | 'open' | 'allocate' | 'close' | 'withdraw';
export interface TopicFields {
  title: string;
  description: string;
  disciplines?: string[];
  degreeType?: DegreeType;
  cohort: number;
  capacity?: number;
  supervisorId: string;
  industryMentorId?: string | null;
  challengeId?: string | null;
}
export interface Topic {
  id: string;
  orgId: string;
  orgName: string;
  challengeId: string | null;
  title: string;
  description: string;
  disciplines: string[];
  degreeType: DegreeType;
  cohort: number;
  capacity: number;
  supervisorId: string;
  supervisorName: string;
  industryMentorId: string | null;
  industryMentorName: string | null;
  state: TopicState;
  createdAt: string;
  updatedAt: string;
}
export interface TopicListQuery {
  cursor?: string;
  limit?: number;
  q?: string;
  orgId?: string;
  state?: TopicState[];
  discipline?: string[];
  cohort?: number;
  fromIndustry?: boolean;
}

// ---- students (server/routes/students/index.ts) ----
export interface Student {
  id: string;
  orgId: string;
  userId: string | null;
  studentNo: string;
  name: string;
  email: string | null;
  discipline: string;
  degreeLevel: DegreeLevel;
  degreeType: DegreeType;
  cohort: number;
  skills: string[];
  statement: string;
  createdAt: string;
}
export interface Preferences {
  studentId: string;
  maxPreferences: number;
  items: { rank: number; topicId: string; title: string; state: TopicState }[];
}

// ---- notifications (server/routes/notifications/index.ts) ----
export interface Notification {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}
export interface Inbox {
  items: Notification[];
  nextBefore: number | null;
  unread: number;
}

// ---- saved searches (server/routes/saved-searches/index.ts) ----
export type SavedSearchTarget = 'challenge' | 'topic';
export interface SavedSearchFields {
  name: string;
  query: string;
  target?: SavedSearchTarget;
  filters?: Record<string, unknown>;
  threshold?: number;
}
export interface SavedSearch {
  id: string;
  name: string;
  query: string;
  target: string;
  filters: Record<string, unknown>;
  threshold: number;
  createdAt: string;
}

// ---- audit (server/routes/audit/index.ts) ----
export interface AuditEntry {
  id: number;
  actorId: string | null;
  orgId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  fromState: string | null;
  toState: string | null;
  reason: string;
  at: string;
}

// ---- search (server/routes/search/index.ts) ----
export type SearchIndex = 'challenges' | 'mentors' | 'capabilities' | 'topics';
export interface SearchQuery {
  q?: string;
  index?: SearchIndex;
  discipline?: string[];
  region?: string;
  kind?: string;
  degreeType?: DegreeType;
  industry?: string;
  semanticRatio?: number;
  limit?: number;
  offset?: number;
}
export interface SearchHit {
  id: string;
  score: number;
  document: Record<string, unknown>;
  matchedTerms: string[];
  highlights: Record<string, string>;
}
export interface SearchResponse {
  hits: SearchHit[];
  total: number;
  facets: Record<string, Record<string, number>>;
  processingTimeMs: number;
}

// ---- live match preview (POST /api/v1/match/preview; shapes from search/matcher/types.ts) ----
export type {
  MatchReasons,
  MatchResult,
  MatchTarget,
  PreviewResult as MatchPreview,
} from '../../../search/matcher/types.ts';
export interface MatchPreviewInput {
  text: string;
  target: 'mentor' | 'capability' | 'topic' | 'challenge';
  limit?: number;
  skills?: string[];
  disciplines?: string[];
  minScore?: number;
}

// ---- policy KPIs (server/routes/kpis/index.ts) ----
export interface KpiMeasure {
  value: number;
  numerator: number;
  denominator: number;
}
export interface KpiReport {
  targets: {
    topicsFromIndustry: number;
    studentsInIndustryProjects: number;
    disciplineIndustryFit: number;
    industryMentorsInPool: number;
  };
  overall: {
    topicsFromIndustry: KpiMeasure;
    studentsInIndustryProjects: KpiMeasure;
    disciplineIndustryFit: KpiMeasure;
    industryMentorsInPool: KpiMeasure;
  };
  byUniversity: {
    orgId: string;
    name: string;
    topics: number;
    topicsFromIndustry: number;
    students: number;
    studentsInIndustryProjects: number;
    industryMentors: number;
  }[];
  trend: { month: string; industryMentorsAdmitted: number; topics: number; topicsFromIndustry: number }[];
}

export type ExportFormat = 'csv' | 'xlsx';
