import { pgEnum } from 'drizzle-orm/pg-core';

// Enumerations live in one place so services, TypeBox schemas and the web app share the spelling.
export const orgKinds = ['enterprise', 'university', 'institute'] as const;
export const orgKind = pgEnum('org_kind', orgKinds);

export const verificationStates = ['pending', 'verified', 'rejected'] as const;
export const verificationState = pgEnum('verification_state', verificationStates);

export const roles = [
  'org_admin',
  'grad_admin',
  'enterprise_member',
  'supervisor',
  'industry_mentor',
  'student',
] as const;
export const role = pgEnum('member_role', roles);

export const challengeKinds = ['thesis_topic', 'joint_rnd', 'internship', 'work_study'] as const;
export const challengeKind = pgEnum('challenge_kind', challengeKinds);

export const degreeLevels = ['master', 'doctor'] as const;
export const degreeLevel = pgEnum('degree_level', degreeLevels);

export const degreeTypes = ['academic', 'professional'] as const;
export const degreeType = pgEnum('degree_type', degreeTypes);

export const confidentialityTiers = ['public', 'nda'] as const;
export const confidentiality = pgEnum('confidentiality', confidentialityTiers);

export const challengeStates = [
  'draft',
  'submitted',
  'returned',
  'published',
  'matching',
  'awarded',
  'in_progress',
  'delivered',
  'graded',
  'closed',
  'withdrawn',
] as const;
export const challengeState = pgEnum('challenge_state', challengeStates);

export const mentorKinds = ['campus', 'industry'] as const;
export const mentorKind = pgEnum('mentor_kind', mentorKinds);

export const poolStates = ['applied', 'active', 'suspended', 'exited'] as const;
export const poolState = pgEnum('pool_state', poolStates);

export const proposalStates = [
  'draft',
  'submitted',
  'shortlisted',
  'accepted',
  'rejected',
  'withdrawn',
] as const;
export const proposalState = pgEnum('proposal_state', proposalStates);

export const topicStates = [
  'draft',
  'proposed',
  'returned',
  'approved',
  'open',
  'allocated',
  'closed',
  'withdrawn',
] as const;
export const topicState = pgEnum('topic_state', topicStates);

export const outboxStates = ['pending', 'done', 'dead'] as const;
export const outboxState = pgEnum('outbox_state', outboxStates);
