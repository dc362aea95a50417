import { Type } from 'typebox';
import { degreeLevels, degreeTypes, mentorKinds, poolStates } from '../../../db/schema/enums.ts';
import { NonEmpty, PageQuery, Tags, Timestamp, Uuid } from '../common.ts';

export const PublicationInput = Type.Object(
  {
    title: NonEmpty(300),
    abstract: Type.Optional(Type.String({ maxLength: 10000 })),
    keywords: Type.Optional(Tags(20)),
    year: Type.Optional(Type.Integer({ minimum: 1950, maximum: 2100 })),
    venue: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const profile = {
  name: NonEmpty(100),
  title: Type.Optional(Type.String({ maxLength: 50, description: '职称, e.g. 教授 / 高级工程师' })),
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
  region: NonEmpty(50),
  disciplines: Type.Optional(Tags(10)),
  interests: Type.Optional(Type.String({ maxLength: 5000 })),
  projects: Type.Optional(Type.String({ maxLength: 10000 })),
  capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 30, description: 'Students per cohort' })),
};

export const MentorCreate = Type.Object(
  {
    ...profile,
    kind: Type.Enum([...mentorKinds]),
    poolOrgId: Uuid,
    homeOrgId: Type.Optional(Uuid),
    publications: Type.Optional(Type.Array(PublicationInput, { maxItems: 200 })),
  },
  { additionalProperties: false },
);

export const MentorApply = Type.Object(
  {
    ...profile,
    poolOrgId: Uuid,
    publications: Type.Optional(Type.Array(PublicationInput, { maxItems: 200 })),
  },
  { additionalProperties: false },
);

export const MentorUpdate = Type.Partial(Type.Object(profile, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});

const Publication = Type.Object({
  id: Uuid,
  title: Type.String(),
  abstract: Type.String(),
  keywords: Type.Array(Type.String()),
  year: Type.Union([Type.Integer(), Type.Null()]),
  venue: Type.Union([Type.String(), Type.Null()]),
});

const mentorFields = {
  id: Uuid,
  userId: Type.Union([Uuid, Type.Null()]),
  kind: Type.Enum([...mentorKinds]),
  homeOrgId: Uuid,
  homeOrgName: Type.String(),
  poolOrgId: Uuid,
  poolOrgName: Type.String(),
  name: Type.String(),
  title: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  region: Type.String(),
  disciplines: Type.Array(Type.String()),
  interests: Type.String(),
  projects: Type.String(),
  capacity: Type.Integer(),
  load: Type.Integer(),
  capacityLeft: Type.Integer(),
  state: Type.Enum([...poolStates]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const MentorSummary = Type.Object(mentorFields);

export const Mentor = Type.Object({
  ...mentorFields,
  publications: Type.Array(Publication),
  history: Type.Array(
    Type.Object({
      fromState: Type.Union([Type.Enum([...poolStates]), Type.Null()]),
      toState: Type.Enum([...poolStates]),
      reason: Type.String(),
      at: Timestamp,
    }),
  ),
});

export const MentorListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 100 })),
    kind: Type.Optional(Type.Enum([...mentorKinds])),
    state: Type.Optional(Type.Array(Type.Enum([...poolStates]), { maxItems: 4 })),
    discipline: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 20 })),
    poolOrgId: Type.Optional(Uuid),
    region: Type.Optional(Type.String({ maxLength: 50 })),
    hasCapacity: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PoolTransition = Type.Object(
  {
    action: Type.Enum(['approve', 'reject', 'suspend', 'reinstate', 'exit', 'reapply']),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/** GET /mentors/me: the caller's own pool records (one per university pool they belong to). */
export const MyMentorRecords = Type.Object({ items: Type.Array(Mentor) });

/** One student allocated to the caller in a published allocation run. */
export const MyStudent = Type.Object({
  runId: Uuid,
  publishedAt: Timestamp,
  orgId: Uuid,
  orgName: Type.String({ description: 'The student’s university' }),
  studentId: Uuid,
  studentName: Type.String(),
  studentNo: Type.String(),
  discipline: Type.String({ description: '学科代码 (2022 catalogue)' }),
  degreeLevel: Type.Enum([...degreeLevels]),
  degreeType: Type.Enum([...degreeTypes]),
  cohort: Type.Integer(),
  topicId: Uuid,
  topicTitle: Type.String(),
  rank: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The student’s preference rank of the topic',
  }),
  mentorId: Uuid,
  role: Type.Enum(['supervisor', 'industry_mentor'], {
    description: 'What I am to this student: campus supervisor or industry mentor',
  }),
  otherMentorName: Type.Union([Type.String(), Type.Null()], {
    description: 'The student’s other mentor (industry mentor if I supervise, and vice versa)',
  }),
});

export const MyStudentsQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
