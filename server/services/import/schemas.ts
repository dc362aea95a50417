import { Type, type Static } from 'typebox';
import { degreeLevels, degreeTypes, mentorKinds } from '../../../db/schema/enums.ts';
import { ChallengeCreate } from '../../routes/challenges/schemas.ts';
import { NonEmpty, Tags } from '../../routes/common.ts';
import { uploadFormats } from './parse.ts';

/**
 * Row schemas for bulk import. Challenges reuse the API's create schema (the organisation comes
 * from the importing user, not the file), so an imported challenge obeys exactly the same rules
 * as one created through the API. Mentors and students are imported into the caller's
 * organisation; their rows carry profile fields only.
 */
export const ChallengeImportRow = Type.Omit(ChallengeCreate, ['orgId'], { additionalProperties: false });
export type ChallengeImportRow = Static<typeof ChallengeImportRow>;

const Email = Type.String({ format: 'email', maxLength: 254 });

export const PublicationImportRow = Type.Object(
  {
    title: NonEmpty(300),
    abstract: Type.Optional(Type.String({ maxLength: 10000 })),
    keywords: Type.Optional(Tags(20)),
    year: Type.Optional(Type.Integer({ minimum: 1950, maximum: 2100 })),
    venue: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const MentorImportRow = Type.Object(
  {
    name: NonEmpty(100),
    kind: Type.Enum([...mentorKinds]),
    title: Type.Optional(Type.String({ maxLength: 50, description: '职称, e.g. 教授 / 高级工程师' })),
    email: Type.Optional(Email),
    region: NonEmpty(50),
    disciplines: Type.Optional(Tags(10)),
    interests: Type.Optional(Type.String({ maxLength: 5000 })),
    projects: Type.Optional(Type.String({ maxLength: 10000 })),
    capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 30, description: 'Students per cohort' })),
    publications: Type.Optional(Type.Array(PublicationImportRow, { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type MentorImportRow = Static<typeof MentorImportRow>;

export const StudentImportRow = Type.Object(
  {
    studentNo: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z_-]+$', description: '学号' }),
    name: NonEmpty(100),
    discipline: NonEmpty(60),
    degreeLevel: Type.Optional(Type.Enum([...degreeLevels])),
    degreeType: Type.Optional(Type.Enum([...degreeTypes])),
    cohort: Type.Integer({ minimum: 2000, maximum: 2100, description: '年级 (year of entry)' }),
    skills: Type.Optional(Tags(50)),
    statement: Type.Optional(Type.String({ maxLength: 5000 })),
    email: Type.Optional(Email),
  },
  { additionalProperties: false },
);
export type StudentImportRow = Static<typeof StudentImportRow>;

// ---------------------------------------------------------------------------------------------
// HTTP shapes for the import route (POST /api/v1/imports/:type)

export const importTypes = ['challenges', 'mentors', 'students'] as const;
export type ImportType = (typeof importTypes)[number];

export const ImportParams = Type.Object({ type: Type.Enum([...importTypes]) });

export const ImportQuery = Type.Object(
  {
    format: Type.Enum([...uploadFormats]),
    validOnly: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Import the valid rows even if others are rejected (otherwise all or nothing)',
      }),
    ),
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Check only; write nothing' })),
  },
  { additionalProperties: false },
);

export const ImportRowError = Type.Object({
  line: Type.Integer({ description: 'Row number as shown in the spreadsheet (header = 1), or JSONL line' }),
  field: Type.String({ description: 'Field path, e.g. seats, skills.2; "(row)" for the whole row' }),
  message: Type.String(),
});
export type ImportRowError = Static<typeof ImportRowError>;

export const ImportReport = Type.Object({
  total: Type.Integer({ description: 'Data rows read from the file' }),
  valid: Type.Integer(),
  invalid: Type.Integer(),
  imported: Type.Integer(),
  errors: Type.Array(ImportRowError),
  warnings: Type.Array(Type.String()),
  dryRun: Type.Boolean(),
});
export type ImportReport = Static<typeof ImportReport>;
