import { Type } from 'typebox';
import {
  challengeKinds,
  challengeStates,
  confidentialityTiers,
  degreeLevels,
  degreeTypes,
} from '../../../db/schema/enums.ts';
import { NonEmpty, PageQuery, Tags, Timestamp, Uuid } from '../common.ts';

const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

const fields = {
  title: NonEmpty(200),
  summary: Type.String({
    minLength: 1,
    maxLength: 1000,
    description: 'Public summary; the only text shown for NDA challenges',
  }),
  background: Type.String({ minLength: 1, maxLength: 20000 }),
  goals: Type.String({ minLength: 1, maxLength: 20000 }),
  deliverables: Type.Optional(Type.String({ maxLength: 20000 })),
  disciplines: Type.Optional(Tags(20)),
  skills: Type.Optional(Tags(50)),
  industry: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
  kind: Type.Enum([...challengeKinds]),
  degreeLevel: Type.Optional(Type.Enum([...degreeLevels])),
  degreeType: Type.Optional(Type.Enum([...degreeTypes])),
  seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  budgetWan: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 1_000_000, description: '万元 (10,000 CNY)' }),
  ),
  region: NonEmpty(50),
  onSite: Type.Optional(Type.Boolean()),
  applyBy: Type.Optional(Type.Union([DateOnly, Type.Null()])),
  deliverBy: Type.Optional(Type.Union([DateOnly, Type.Null()])),
  confidentiality: Type.Optional(Type.Enum([...confidentialityTiers])),
};

export const ChallengeCreate = Type.Object(
  { ...fields, orgId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

export const ChallengeUpdate = Type.Partial(Type.Object(fields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});

const NullableText = Type.Union([Type.String(), Type.Null()]);

export const Challenge = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  background: NullableText,
  goals: NullableText,
  deliverables: NullableText,
  restricted: Type.Boolean({
    description: 'True when confidential text is withheld until the NDA is accepted',
  }),
  ndaAccepted: Type.Boolean(),
  disciplines: Type.Array(Type.String()),
  skills: Type.Array(Type.String()),
  industry: NullableText,
  kind: Type.Enum([...challengeKinds]),
  degreeLevel: Type.Enum([...degreeLevels]),
  degreeType: Type.Enum([...degreeTypes]),
  seats: Type.Integer(),
  budgetWan: Type.Integer(),
  region: Type.String(),
  onSite: Type.Boolean(),
  applyBy: NullableText,
  deliverBy: NullableText,
  confidentiality: Type.Enum([...confidentialityTiers]),
  state: Type.Enum([...challengeStates]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ChallengeListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 200 })),
    state: Type.Optional(Type.Array(Type.Enum([...challengeStates]), { maxItems: 11 })),
    kind: Type.Optional(Type.Array(Type.Enum([...challengeKinds]), { maxItems: 4 })),
    region: Type.Optional(Type.String({ maxLength: 50 })),
    discipline: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 20 })),
    degreeType: Type.Optional(Type.Enum([...degreeTypes])),
    orgId: Type.Optional(Uuid),
    confidentiality: Type.Optional(Type.Enum([...confidentialityTiers])),
    mine: Type.Optional(Type.Boolean()),
    sort: Type.Optional(
      Type.Enum(['created_desc', 'created_asc', 'apply_by_asc'], { default: 'created_desc' }),
    ),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    action: Type.Enum([
      'submit',
      'publish',
      'return',
      'open_matching',
      'award',
      'start',
      'deliver',
      'grade',
      'close',
      'withdraw',
    ]),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    grade: Type.Optional(
      Type.Object(
        {
          proposalId: Uuid,
          score: Type.Integer({ minimum: 0, maximum: 100 }),
          comment: Type.Optional(Type.String({ maxLength: 5000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
